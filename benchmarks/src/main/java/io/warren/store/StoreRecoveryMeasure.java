package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * How long a restart takes with a big backlog: writes {@code N} persistent 1 KiB messages (default
 * one million) into the message store and one queue index, closes, then times {@link Storage#open}
 * (scan of every {@code .rdq} and index file, claims, unclaimed records dropped) and, separately,
 * walking {@link QueueIndex#recovered()} to the end. A single run rather than a JMH benchmark: the
 * interesting number is seconds for one open, and a warmed-up loop would only measure the page
 * cache.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/warren-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     io.warren.store.StoreRecoveryMeasure [messages] [directory]
 * </pre>
 * Without a directory a temporary one is used and deleted afterwards. The files were just written,
 * so they are likely in the page cache: the figure is recovery's CPU and system-call cost, not
 * cold-disk reading.
 */
public final class StoreRecoveryMeasure {
    public static final int BODY_SIZE = 1024;
    private static final int SYNC_EVERY = 10_000;
    private static final String QUEUE = "/\0recovery";

    /**
     * @param messages       messages written (and recovered)
     * @param bytesOnDisk    size of the storage directory after writing
     * @param writeSeconds   writing them, synced every 10 000 messages
     * @param openSeconds    {@link Storage#open}: the recovery itself
     * @param iterateSeconds walking the recovered queue entries
     */
    public record Result(long messages, long bytesOnDisk, double writeSeconds, double openSeconds, double iterateSeconds) {
        @Override
        public String toString() {
            return String.format("%,d messages of %d bytes, %,.1f MiB on disk: write %.2f s (%,.0f msg/s), "
                            + "open (recovery) %.2f s (%,.0f msg/s), walk recovered entries %.2f s",
                    messages, BODY_SIZE, bytesOnDisk / 1048576.0, writeSeconds, messages / writeSeconds,
                    openSeconds, messages / openSeconds, iterateSeconds);
        }
    }

    private StoreRecoveryMeasure() {
    }

    /** Writes {@code messages} messages into {@code directory} (empty or absent), then measures a recovery. */
    public static Result measure(Path directory, int messages) throws IOException {
        byte[] bytes = new byte[BODY_SIZE];
        new Random(7).nextBytes(bytes);
        ByteBuffer body = ByteBuffer.wrap(bytes);
        long started = System.nanoTime();
        try (Storage storage = Storage.open(directory, StorageOptions.defaults())) {
            QueueIndex queue = storage.queue(QUEUE);
            for (int i = 1; i <= messages; i++) {
                MsgId id = MsgId.random();
                storage.messages().write(id, body, 1);
                queue.publish(id, null);
                if (i % SYNC_EVERY == 0 || i == messages) awaitDurable(storage); // also bounds the bytes in flight
            }
        }
        double writeSeconds = seconds(started);
        long bytesOnDisk = sizeOf(directory);

        started = System.nanoTime();
        Storage storage = Storage.open(directory, StorageOptions.defaults());
        double openSeconds = seconds(started);
        try (storage) {
            QueueIndex queue = storage.queue(QUEUE);
            started = System.nanoTime();
            long seen = 0;
            for (Iterator<RecoveredEntry> it = queue.recovered(); it.hasNext(); it.next()) seen++;
            double iterateSeconds = seconds(started);
            if (seen != messages || storage.messages().messageCount() != messages) {
                throw new IllegalStateException("recovered " + seen + " entries and " + storage.messages().messageCount()
                        + " messages, expected " + messages);
            }
            return new Result(messages, bytesOnDisk, writeSeconds, openSeconds, iterateSeconds);
        }
    }

    private static void awaitDurable(Storage storage) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        storage.sync(SyncCallback.of(() -> durable.complete(null), durable::completeExceptionally));
        durable.join();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }

    public static void main(String[] args) throws IOException {
        int messages = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        boolean temporary = args.length < 2;
        Path directory = temporary ? Files.createTempDirectory("warren-recovery") : Path.of(args[1]);
        try {
            System.out.println(measure(directory, messages));
        } finally {
            if (temporary) deleteTree(directory);
        }
    }
}
