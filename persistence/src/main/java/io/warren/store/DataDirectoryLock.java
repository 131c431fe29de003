package io.warren.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a data directory, so that two brokers never write the same files.
 *
 * <p>Layout: a file {@code .lock} in the directory, held with an OS file lock for as long as the
 * broker runs. Crash behaviour: the OS drops the lock when the process dies (even by
 * {@code kill -9}), so a restart after a crash acquires it again; the file itself is never
 * deleted, because deleting it could let a second process lock a new inode beside a live one.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private static final String LOCK_FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws IOException naming the directory when another process (or broker) already holds it
     */
    public static DataDirectoryLock acquire(Path directory) throws IOException {
        directory = directory.toAbsolutePath().normalize();
        Files.createDirectories(directory);
        Path lockFile = directory.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("data directory " + directory
                    + " is in use by another Warren broker (lock held on " + lockFile
                    + "); stop it or choose another directory with --data-dir");
        }
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
