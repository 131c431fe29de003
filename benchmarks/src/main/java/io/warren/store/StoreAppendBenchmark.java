package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable publishing throughput: persistent 1 KiB messages appended and made durable with
 * group-committed fsyncs. One invocation publishes {@code batch} messages and waits for one sync;
 * the secondary result {@code messages} (ops/s) is <b>messages per second</b>, the primary
 * result batches per second. Each invocation also acks and releases the previous batch, so the
 * files roll over and are deleted as in a steady state, and the disk use stays flat.
 *
 * <ul>
 *   <li>{@code storeAndIndex}: body in the message store ({@code .rdq}) plus a queue index
 *       publish referencing it: two files, one fsync each per commit.</li>
 *   <li>{@code embeddedInIndex}: the body embedded in the queue index record (what the broker
 *       does below {@code queue_index_embed_msgs_below}, 4096 bytes by default): one file.</li>
 *   <li>{@code storeAndIndexFourPublishers}: {@code storeAndIndex} from 4 threads at once, each
 *       waiting for its own sync: their commits merge.</li>
 *   <li>{@code baselineFileChannel}: the least a durable append can cost: the same bytes (message
 *       record plus index record) copied into one direct buffer, one write and one
 *       {@code force(false)} per batch on a plain {@link FileChannel}; files rolled at 16 MiB.
 *       With {@code batch=1} it is the fsync-per-message baseline.</li>
 * </ul>
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/warren-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.openjdk.jmh.Main StoreAppendBenchmark -f 1 -wi 2 -i 5 -w 2 -r 3
 * </pre>
 * Files go to {@code java.io.tmpdir} (set {@code -Djava.io.tmpdir=...} to measure another disk).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
public class StoreAppendBenchmark {
    public static final int BODY_SIZE = 1024;
    private static final long RAW_FILE_SIZE = 16L << 20;

    /** Messages per sync. */
    @Param({"1", "100", "1000"})
    public int batch;

    /** The storage's group commit window, in milliseconds (5: the default). */
    @Param({"5"})
    public int windowMillis;

    private Path dir;
    private Storage storage;
    private QueueIndex queue;
    private ByteBuffer body;
    private ByteBuffer rawBatch;
    private byte[] rawRecord;
    private FileChannel raw;
    private Path rawPath;
    private int rawFiles;

    /** Per publishing thread: the messages counter and the previous batch, acked at the next invocation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Publisher {
        /** Messages made durable (reported as messages/s). */
        public long messages;
        MsgId[] ids;
        long[] seqs;
        MsgId[] previousIds;
        long[] previousSeqs;
        int previousCount;

        @Setup(Level.Iteration)
        public void reset() {
            messages = 0;
        }

        void ensure(int batch) {
            if (ids == null || ids.length != batch) {
                ids = new MsgId[batch];
                seqs = new long[batch];
                previousIds = new MsgId[batch];
                previousSeqs = new long[batch];
                previousCount = 0;
            }
        }

        void rotate() {
            MsgId[] i = previousIds;
            previousIds = ids;
            ids = i;
            long[] s = previousSeqs;
            previousSeqs = seqs;
            seqs = s;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("warren-store-bench");
        storage = Storage.open(dir.resolve("storage"), StorageOptions.defaults()
                .withGroupCommitWindow(Duration.ofMillis(windowMillis)));
        queue = storage.queue("/\0bench");
        byte[] bytes = new byte[BODY_SIZE];
        new Random(42).nextBytes(bytes);
        body = ByteBuffer.wrap(bytes);
        MsgId id = MsgId.random();
        byte[] message = MessageRecord.encode(id, body);
        byte[] index = PublishRecord.encode(0, id, null);
        rawRecord = new byte[message.length + index.length];
        System.arraycopy(message, 0, rawRecord, 0, message.length);
        System.arraycopy(index, 0, rawRecord, message.length, index.length);
        rawBatch = ByteBuffer.allocateDirect(rawRecord.length * Math.max(batch, 1));
        Files.createDirectories(dir.resolve("raw"));
        rollRaw();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        storage.close();
        raw.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }

    @Benchmark
    public void storeAndIndex(Publisher publisher) {
        publisher.ensure(batch);
        for (int i = 0; i < batch; i++) {
            MsgId id = MsgId.random();
            storage.messages().write(id, body, 1);
            publisher.ids[i] = id;
            publisher.seqs[i] = queue.publish(id, null);
        }
        settle(publisher, true);
    }

    @Benchmark
    public void embeddedInIndex(Publisher publisher) {
        publisher.ensure(batch);
        for (int i = 0; i < batch; i++) {
            MsgId id = MsgId.random();
            publisher.ids[i] = id;
            publisher.seqs[i] = queue.publish(id, body);
        }
        settle(publisher, false);
    }

    @Benchmark
    @Threads(4)
    public void storeAndIndexFourPublishers(Publisher publisher) {
        storeAndIndex(publisher);
    }

    @Benchmark
    public void baselineFileChannel(Publisher publisher) throws IOException {
        rawBatch.clear();
        for (int i = 0; i < batch; i++) rawBatch.put(rawRecord);
        rawBatch.flip();
        while (rawBatch.hasRemaining()) raw.write(rawBatch);
        raw.force(false);
        if (raw.position() >= RAW_FILE_SIZE) rollRaw();
        publisher.messages += batch;
    }

    /** Waits until the batch is durable, then acks and releases the previous one (made durable by the next sync). */
    private void settle(Publisher publisher, boolean inStore) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        storage.sync(SyncCallback.of(() -> durable.complete(null), durable::completeExceptionally));
        durable.join();
        for (int i = 0; i < publisher.previousCount; i++) {
            queue.acked(publisher.previousSeqs[i]);
            if (inStore) storage.messages().release(publisher.previousIds[i]);
        }
        publisher.rotate();
        publisher.previousCount = batch;
        publisher.messages += batch;
    }

    private void rollRaw() throws IOException {
        if (raw != null) {
            raw.close();
            Files.delete(rawPath);
        }
        rawPath = dir.resolve("raw").resolve(String.format("%010d.raw", ++rawFiles));
        raw = FileChannel.open(rawPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Messages in the store once the I/O thread caught up (for the sanity test). */
    long storedMessages() {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        storage.sync(SyncCallback.of(() -> durable.complete(null), durable::completeExceptionally));
        durable.join();
        return storage.messages().messageCount();
    }

    /** Bytes one message costs on disk in the store-and-index layout. */
    public static int bytesPerMessage() {
        return BODY_SIZE + MessageRecord.OVERHEAD + PublishRecord.OVERHEAD;
    }

    /** Runs this benchmark; further JMH arguments are appended. */
    public static void main(String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = StoreAppendBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
