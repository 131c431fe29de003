package io.warren.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Shared helpers: waiting with deadlines, bodies, directory copies. */
final class StoreTesting {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private StoreTesting() {
    }

    /** Small segments so that roll-over, deletion and compaction really happen; no commit window. */
    static StorageOptions tiny() {
        return StorageOptions.defaults().withSegmentSize(4096).withIndexSegmentEntries(8).withGroupCommitWindow(Duration.ZERO);
    }

    /** Waits until everything submitted so far is durable; fails the test on a sync failure or timeout. */
    static void awaitDurable(Storage storage) {
        try {
            syncFuture(storage).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | TimeoutException e) {
            fail("sync did not complete", e);
        } catch (ExecutionException e) {
            fail("sync failed", e.getCause());
        }
    }

    /** A future completed by a sync callback: normally when durable, exceptionally with the failure. */
    static CompletableFuture<Void> syncFuture(Storage storage) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        storage.sync(SyncCallback.of(() -> done.complete(null), done::completeExceptionally));
        return done;
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out waiting until " + what);
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what);
            }
        }
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ByteBuffer buffer) {
        if (buffer == null) return null;
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) return null;
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static byte[] randomBody(Random random, int maxLength) {
        byte[] body = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(body);
        return body;
    }

    static List<RecoveredEntry> recovered(QueueIndex index) {
        List<RecoveredEntry> entries = new ArrayList<>();
        for (Iterator<RecoveredEntry> it = index.recovered(); it.hasNext(); ) entries.add(it.next());
        return entries;
    }

    /** Whether {@code file} holds only zero bytes from {@code offset} to its end. */
    static boolean zerosFrom(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (long i = offset; i < bytes.length; i++) {
            if (bytes[(int) i] != 0) return false;
        }
        return true;
    }

    static List<Path> filesIn(Path directory, String glob) {
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(directory, glob)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().equals(".lock")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }
}
