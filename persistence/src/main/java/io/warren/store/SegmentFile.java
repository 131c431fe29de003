package io.warren.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code NNNNNNNNNN.rdq} file of a message store: a read channel shared by all readers, the
 * append side while it is the write head, and its byte counts.
 *
 * <p>Reads are positional ({@link FileChannel#read(ByteBuffer, long)}), so any number of threads
 * read at once without a lock. A reader interrupted in a read closes the shared channel (a JDK
 * rule); the next read reopens it. Once {@link #delete}d, reads fail with
 * {@link ClosedChannelException} and the store retries at the record's new place.
 *
 * <p>Counts ({@code totalBytes}, {@code liveBytes}) and {@code writer} belong to the I/O thread.
 */
final class SegmentFile {
    final int number;
    final Path path;
    private volatile FileChannel reader;
    private volatile boolean deleted;

    AppendFile writer;
    long totalBytes;
    long liveBytes;
    boolean deletionScheduled;

    SegmentFile(int number, Path path) {
        this.number = number;
        this.path = path;
    }

    static String fileName(int number) {
        return String.format("%010d.rdq", number);
    }

    /** Reads the record of {@code length} bytes at {@code offset} and returns its checked body. */
    ByteBuffer read(long offset, int length, MsgId id) throws IOException {
        byte[] record = new byte[length];
        ByteBuffer into = ByteBuffer.wrap(record);
        FileChannel channel = reader();
        long at = offset;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) throw new EOFException(path + " ends before the record of " + id + " at offset " + offset);
            at += n;
        }
        return MessageRecord.checkedBody(record, id, path + " offset " + offset);
    }

    private FileChannel reader() throws IOException {
        FileChannel channel = reader;
        if (channel != null && channel.isOpen()) return channel;
        synchronized (this) {
            if (deleted) throw new ClosedChannelException();
            channel = reader;
            if (channel == null || !channel.isOpen()) {
                channel = FileChannel.open(path, StandardOpenOption.READ);
                reader = channel;
            }
            return channel;
        }
    }

    /** Closes the channels and removes the file. I/O thread (or recovery). */
    void delete() throws IOException {
        synchronized (this) {
            deleted = true;
            if (reader != null) reader.close();
        }
        if (writer != null) writer.discard();
        Files.deleteIfExists(path);
    }

    /** Closes the read channel (the store is closing; the writer is closed by its owner). */
    void closeReader() throws IOException {
        synchronized (this) {
            deleted = true;
            if (reader != null) reader.close();
        }
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
