package io.warren.store;

import static io.warren.store.StoreTesting.awaitDurable;
import static io.warren.store.StoreTesting.bytes;
import static io.warren.store.StoreTesting.eventually;
import static io.warren.store.StoreTesting.filesIn;
import static io.warren.store.StoreTesting.text;
import static io.warren.store.StoreTesting.tiny;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreTest {
    @TempDir
    Path dir;

    private Path rdqDir() {
        return dir.resolve(Storage.MESSAGES);
    }

    @Test
    void readsBackAtOnceAndAfterTheRecordReachedItsFile() {
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            MsgId id = MsgId.random();
            ByteBuffer body = text("hello");
            store.write(id, body, 1);
            assertEquals(5, body.remaining(), "the caller's buffer is untouched");
            assertEquals("hello", text(store.read(id)), "readable while in flight");
            awaitDurable(storage);
            assertEquals("hello", text(store.read(id)), "readable from the file");
            assertEquals(1, store.messageCount());
            assertTrue(store.contains(id));
            assertNull(store.read(MsgId.random()), "unknown ids read as null");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void countsLiveAndTotalBytes() throws IOException {
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            MsgId a = MsgId.random();
            MsgId b = MsgId.random();
            store.write(a, ByteBuffer.allocate(10), 1);
            store.write(b, ByteBuffer.allocate(20), 1);
            awaitDurable(storage);
            assertEquals(30 + 2 * MessageRecord.OVERHEAD, store.liveBytes());
            assertEquals(store.liveBytes(), store.totalBytes());
            store.release(b);
            awaitDurable(storage);
            assertEquals(10 + MessageRecord.OVERHEAD, store.liveBytes());
            assertEquals(30 + 2 * MessageRecord.OVERHEAD, store.totalBytes(), "the dead record stays until its file goes");
            assertEquals(1, store.messageCount());
            assertEquals(1, store.fileCount());
        }
    }

    @Test
    void rollsOverAtTheSegmentSizeAndGivesAHugeRecordItsOwnFile() throws IOException {
        Map<MsgId, byte[]> written = new LinkedHashMap<>();
        Random random = new Random(1);
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            for (int i = 0; i < 50; i++) {
                byte[] body = new byte[1000];
                random.nextBytes(body);
                MsgId id = MsgId.random();
                store.write(id, ByteBuffer.wrap(body), 1);
                written.put(id, body);
            }
            byte[] huge = new byte[10_000];
            random.nextBytes(huge);
            MsgId hugeId = MsgId.random();
            store.write(hugeId, ByteBuffer.wrap(huge), 1);
            written.put(hugeId, huge);
            awaitDurable(storage);
            List<Path> files = filesIn(rdqDir(), "*.rdq");
            assertEquals(store.fileCount(), files.size());
            assertTrue(files.size() >= 17, "3 records of 1029 bytes per 4 KiB file: " + files.size());
            for (Path file : files) {
                long size = Files.size(file);
                assertTrue(size <= 4096 || size == huge.length + MessageRecord.OVERHEAD, file + " has " + size + " bytes");
            }
            for (Map.Entry<MsgId, byte[]> e : written.entrySet()) assertArrayEquals(e.getValue(), bytes(store.read(e.getKey())));
        }
    }

    @Test
    void recordsLargerThanTheWriteBufferAndTheScanWindowRoundTrip() throws IOException {
        byte[] big = new byte[3 << 20];
        new Random(2).nextBytes(big);
        MsgId id = MsgId.random();
        try (Storage storage = Storage.open(dir, StorageOptions.defaults())) {
            storage.messages().write(id, ByteBuffer.wrap(big), 1);
            storage.queue("q").publish(id, null);
            awaitDurable(storage);
            assertArrayEquals(big, bytes(storage.messages().read(id)));
        }
        try (Storage storage = Storage.open(dir, StorageOptions.defaults())) {
            assertArrayEquals(big, bytes(storage.messages().read(id)));
        }
    }

    @Test
    void releaseDropsTheMessageAndDeletesFilesLeftWithoutLiveData() throws IOException {
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            List<MsgId> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                MsgId id = MsgId.random();
                store.write(id, ByteBuffer.allocate(200), 1);
                ids.add(id);
            }
            awaitDurable(storage);
            assertTrue(store.fileCount() > 3);
            ids.subList(1, ids.size()).forEach(store::release);
            awaitDurable(storage);
            assertEquals(1, store.messageCount());
            assertEquals(2, store.fileCount(), "the file of the survivor, and the write head");
            assertEquals(2, filesIn(rdqDir(), "*.rdq").size());
            assertNull(store.read(ids.get(1)));
            assertEquals(200, store.read(ids.get(0)).remaining());
            store.release(ids.get(0));
            awaitDurable(storage);
            assertEquals(1, store.fileCount(), "only the write head stays");
            assertEquals(0, store.liveBytes());
        }
    }

    @Test
    void writingAStoredIdAgainAddsReferencesNotACopy() throws IOException {
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            MsgId id = MsgId.random();
            store.write(id, text("one copy"), 1);
            store.write(id, text("one copy"), 2);
            awaitDurable(storage);
            assertEquals(1, store.messageCount());
            assertEquals(8 + MessageRecord.OVERHEAD, store.totalBytes());
            store.release(id);
            store.release(id);
            awaitDurable(storage);
            assertEquals("one copy", text(store.read(id)));
            store.release(id);
            awaitDurable(storage);
            assertNull(store.read(id));
        }
    }

    @Test
    void concurrentWritersReadTheirOwnWrites() throws Exception {
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 2000; i++) {
                        String body = "thread " + thread + " message " + i;
                        MsgId id = MsgId.random();
                        store.write(id, text(body), 1);
                        try {
                            if (!body.equals(text(store.read(id)))) failures.add(body);
                        } catch (IOException e) {
                            failures.add(body + ": " + e);
                        }
                    }
                }));
            }
            for (CompletableFuture<Void> w : writers) w.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), List.copyOf(failures));
            awaitDurable(storage);
            assertEquals(8000, store.messageCount());
        }
    }

    @Test
    void compactionMovesLiveRecordsWhileReadersKeepReading() throws Exception {
        Random random = new Random(3);
        Map<MsgId, byte[]> live = new LinkedHashMap<>();
        List<MsgId> released = new ArrayList<>();
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            QueueIndex queue = storage.queue("q");
            Map<MsgId, Long> seqs = new LinkedHashMap<>();
            for (int i = 0; i < 600; i++) {
                byte[] body = StoreTesting.randomBody(random, 300);
                MsgId id = MsgId.random();
                store.write(id, ByteBuffer.wrap(body), 1);
                seqs.put(id, queue.publish(id, null));
                live.put(id, body);
            }
            awaitDurable(storage);
            int filesBefore = store.fileCount();
            assertTrue(filesBefore >= 20, "files: " + filesBefore);
            Map<MsgId, byte[]> survivors = new LinkedHashMap<>();
            for (Map.Entry<MsgId, byte[]> e : live.entrySet()) {
                if (random.nextInt(4) == 0) survivors.put(e.getKey(), e.getValue());
            }
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(CompletableFuture.supplyAsync(() -> {
                    long reads = 0;
                    while (!stop.get()) {
                        for (Map.Entry<MsgId, byte[]> e : survivors.entrySet()) {
                            try {
                                byte[] got = bytes(store.read(e.getKey()));
                                if (!java.util.Arrays.equals(e.getValue(), got)) failures.add("wrong bytes for " + e.getKey());
                            } catch (IOException ex) {
                                failures.add(e.getKey() + ": " + ex);
                            }
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            for (MsgId id : live.keySet()) {
                if (survivors.containsKey(id)) continue;
                queue.acked(seqs.get(id));
                store.release(id);
                released.add(id);
            }
            awaitDurable(storage);
            eventually("a compaction round brings dead bytes under half", () ->
                    store.compactions() > 0 && (store.totalBytes() - store.liveBytes()) * 2 <= store.totalBytes());
            stop.set(true);
            long reads = 0;
            for (CompletableFuture<Long> r : readers) reads += r.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), List.copyOf(failures), "reads during compaction");
            assertTrue(reads > survivors.size(), "the readers overlapped the compaction");
            assertTrue(store.fileCount() < filesBefore * 3 / 4, store.fileCount() + " files of " + filesBefore);
            assertEquals(survivors.size(), store.messageCount());
            for (Map.Entry<MsgId, byte[]> e : survivors.entrySet()) assertArrayEquals(e.getValue(), bytes(store.read(e.getKey())));
            for (MsgId id : released) assertNull(store.read(id));
            live = survivors;
        }
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            assertEquals(live.size(), store.messageCount());
            for (Map.Entry<MsgId, byte[]> e : live.entrySet()) assertArrayEquals(e.getValue(), bytes(store.read(e.getKey())));
            assertEquals(live.size(), StoreTesting.recovered(storage.queue("q")).size());
        }
    }

    @Test
    void recoveryKeepsWhatQueueIndexesReferenceWithTheirReferenceCounts() throws IOException {
        MsgId shared = MsgId.random();
        MsgId single = MsgId.random();
        MsgId orphan = MsgId.random();
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            store.write(shared, text("shared"), 2);
            store.write(single, text("single"), 1);
            store.write(orphan, text("orphan"), 1);
            storage.queue("q1").publish(shared, null);
            storage.queue("q2").publish(shared, null);
            storage.queue("q1").publish(single, null);
        }
        try (Storage storage = Storage.open(dir, tiny())) {
            MessageStore store = storage.messages();
            assertEquals(2, store.messageCount());
            assertNull(store.read(orphan), "no queue referenced it");
            assertEquals("single", text(store.read(single)));
            store.release(shared);
            awaitDurable(storage);
            assertEquals("shared", text(store.read(shared)), "one reference left");
            store.release(shared);
            awaitDurable(storage);
            assertNull(store.read(shared));
        }
    }

    @Test
    void claimsRebuildReferenceCountsAndFinishRecoveryDropsTheRest() throws IOException {
        MsgId a = MsgId.random();
        MsgId b = MsgId.random();
        MsgId c = MsgId.random();
        Path storeDir = dir.resolve("store");
        try (IoLoopHarness harness = new IoLoopHarness(storeDir, null)) {
            harness.store.write(a, text("a"), 1);
            harness.store.write(b, text("b"), 1);
            harness.store.write(c, text("c"), 1);
        }
        try (IoLoopHarness harness = new IoLoopHarness(storeDir, store -> {
            assertTrue(store.claim(a));
            assertTrue(store.claim(a));
            assertTrue(store.claim(b));
            assertFalse(store.claim(MsgId.random()));
        })) {
            MessageStore store = harness.store;
            assertEquals(2, store.messageCount());
            assertNull(store.read(c));
            store.release(a);
            harness.awaitDurable();
            assertEquals("a", text(store.read(a)));
            store.release(a);
            store.release(b);
            harness.awaitDurable();
            assertNull(store.read(a));
            assertNull(store.read(b));
        }
    }

    /** A message store on its own I/O loop, recovered with the given claims. */
    private static final class IoLoopHarness implements AutoCloseable {
        final IoLoop loop = new IoLoop(Duration.ZERO, 4096, ChannelOpener.DEFAULT);
        final MessageStore store;

        IoLoopHarness(Path directory, java.util.function.Consumer<MessageStore> claims) throws IOException {
            store = MessageStore.open("test store", directory, 4096, true, loop);
            if (claims != null) claims.accept(store);
            store.finishRecovery();
            loop.start();
        }

        void awaitDurable() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.sync(SyncCallback.of(() -> done.complete(null), done::completeExceptionally));
            done.orTimeout(30, TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            store.stopCompactor();
            loop.close();
        }
    }
}
