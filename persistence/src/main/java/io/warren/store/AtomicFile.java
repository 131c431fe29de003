package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file replacement that a crash cannot tear: after {@link #write} returns, the file holds the
 * new content, durably; if the process or machine dies during it, the file holds either the old or
 * the new content, never a mix.
 *
 * <p>How: the content goes to a temporary sibling {@code <name>.tmp-<random>}, which is fsynced,
 * renamed over the target with an atomic move, and then the directory is fsynced so the rename
 * itself survives a power loss. A crash can leave temporary siblings behind: {@link #read} never
 * looks at them and the next {@link #write} of the same target removes them.
 */
public final class AtomicFile {
    private static final String TEMP_INFIX = ".tmp-";

    private AtomicFile() {
    }

    /** Replaces {@code target} (creating its directory if needed) with {@code content}, durably. */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        deleteLeftovers(dir, name);
        Path temp = dir.resolve(name + TEMP_INFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
    }

    /** The content of {@code target}, or empty when it does not exist; leftover temporary files are ignored. */
    public static Optional<byte[]> read(Path target) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(target));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Forces a directory's entries (creations, renames, deletions) to disk. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteLeftovers(Path dir, String name) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, glob(name) + TEMP_INFIX + "*")) {
            for (Path leftover : leftovers) Files.deleteIfExists(leftover);
        }
    }

    /** {@code name} with the glob metacharacters escaped. */
    private static String glob(String name) {
        return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }
}
