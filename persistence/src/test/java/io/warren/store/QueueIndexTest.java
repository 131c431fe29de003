package io.warren.store;

import static io.warren.store.StoreTesting.awaitDurable;
import static io.warren.store.StoreTesting.copyTree;
import static io.warren.store.StoreTesting.deleteTree;
import static io.warren.store.StoreTesting.filesIn;
import static io.warren.store.StoreTesting.recovered;
import static io.warren.store.StoreTesting.text;
import static io.warren.store.StoreTesting.tiny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueIndexTest {
    private static final String KEY = "/\0orders";

    @TempDir
    Path dir;

    private Path queueDir(Path dataDir) {
        return dataDir.resolve(Storage.QUEUES).resolve(QueueDirectories.directoryName(KEY));
    }

    @Test
    void recoversUnackedEntriesInOrderWithTheirDeliveredFlags() throws IOException {
        List<MsgId> ids = new ArrayList<>();
        try (Storage storage = Storage.open(dir, tiny())) {
            QueueIndex queue = storage.queue(KEY);
            for (int i = 0; i < 20; i++) {
                MsgId id = MsgId.random();
                storage.messages().write(id, text("m" + i), 1);
                assertEquals(i, queue.publish(id, null));
                ids.add(id);
            }
            for (long seq : new long[] {3, 5, 7}) queue.delivered(seq);
            for (long seq : new long[] {0, 1, 5, 10}) queue.acked(seq);
        }
        try (Storage storage = Storage.open(dir, tiny())) {
            assertEquals(Set.of(KEY), storage.recoveredQueueKeys());
            QueueIndex queue = storage.queue(KEY);
            List<RecoveredEntry> entries = recovered(queue);
            List<Long> expectedSeqs = new ArrayList<>();
            for (long seq = 0; seq < 20; seq++) if (seq != 0 && seq != 1 && seq != 5 && seq != 10) expectedSeqs.add(seq);
            assertEquals(expectedSeqs, entries.stream().map(RecoveredEntry::seq).toList());
            assertEquals(expectedSeqs.size(), queue.recoveredCount());
            for (RecoveredEntry entry : entries) {
                assertEquals(ids.get((int) entry.seq()), entry.id());
                assertEquals(entry.seq() == 3 || entry.seq() == 7, entry.delivered(), "seq " + entry.seq());
                assertNull(entry.embeddedBody());
                assertEquals("m" + entry.seq(), text(storage.messages().read(entry.id())));
            }
            assertEquals(20, queue.publish(MsgId.random(), text("next")), "sequence numbers continue");
        }
    }

    @Test
    void embeddedBodiesLiveInTheIndexOnly() throws IOException {
        MsgId embedded = MsgId.random();
        MsgId inStore = MsgId.random();
        try (Storage storage = Storage.open(dir, tiny())) {
            QueueIndex queue = storage.queue(KEY);
            ByteBuffer body = text("small message");
            queue.publish(embedded, body);
            assertEquals(13, body.remaining(), "the caller's buffer is untouched");
            storage.messages().write(inStore, text("big message"), 1);
            queue.publish(inStore, null);
        }
        try (Storage storage = Storage.open(dir, tiny())) {
            List<RecoveredEntry> entries = recovered(storage.queue(KEY));
            assertEquals(2, entries.size());
            assertEquals(embedded, entries.get(0).id());
            assertEquals("small message", text(entries.get(0).embeddedBody()));
            assertNull(entries.get(1).embeddedBody());
            assertEquals(1, storage.messages().messageCount());
        }
    }

    @Test
    void aSegmentAndItsSidecarGoOnceEveryPublishInItIsAcked() throws IOException {
        try (Storage storage = Storage.open(dir, tiny())) {
            QueueIndex queue = storage.queue(KEY);
            for (int i = 0; i < 20; i++) queue.publish(MsgId.random(), text("m" + i));
            awaitDurable(storage);
            assertEquals(List.of("0.idx", "16.idx", "8.idx"), names(filesIn(queueDir(dir), "*.idx")));
            for (long seq = 0; seq < 8; seq++) queue.acked(seq);
            awaitDurable(storage);
            assertEquals(List.of("16.idx", "8.idx"), names(filesIn(queueDir(dir), "*.idx")));
            assertEquals(List.of(), names(filesIn(queueDir(dir), "0.*")));
            for (long seq = 8; seq < 20; seq++) queue.acked(seq);
            awaitDurable(storage);
            assertEquals(List.of("16.idx"), names(filesIn(queueDir(dir), "*.idx")), "the newest segment stays while current");
        }
        try (Storage storage = Storage.open(dir, tiny())) {
            assertEquals(0, storage.queue(KEY).recoveredCount());
            assertEquals(List.of(), filesIn(queueDir(dir), "*.idx"), "fully acked segments are removed at recovery");
            assertEquals(List.of("name"), names(filesIn(queueDir(dir), "*")));
        }
    }

    @Test
    void aTornIndexTailLosesOnlyTheLastPublish() throws IOException {
        Path original = dir.resolve("original");
        try (Storage storage = Storage.open(original, StoreTesting.tiny().withIndexSegmentEntries(100))) {
            for (int i = 0; i < 5; i++) storage.queue(KEY).publish(MsgId.random(), text("embedded body " + i));
        }
        Path idx = queueDir(original).resolve("0.idx");
        int recordLength = PublishRecord.OVERHEAD + "embedded body 4".length();
        long lastStart = Files.size(idx) - recordLength;
        for (long cut = lastStart + 1; cut < lastStart + recordLength; cut++) {
            Path copy = dir.resolve("cut-" + cut);
            copyTree(original, copy);
            Path torn = queueDir(copy).resolve("0.idx");
            truncate(torn, cut);
            boolean zerosOnly = StoreTesting.zerosFrom(torn, lastStart); // the torn bytes, before recovery cuts them
            try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(copy, StoreTesting.tiny().withIndexSegmentEntries(100))) {
                List<RecoveredEntry> entries = recovered(storage.queue(KEY));
                assertEquals(List.of(0L, 1L, 2L, 3L), entries.stream().map(RecoveredEntry::seq).toList(), "cut at " + cut);
                assertEquals("embedded body 3", text(entries.get(3).embeddedBody()));
                // zeros alone (the first bytes of a big-endian length) look like a filled-ahead tail: no damage to report
                assertEquals(!zerosOnly, logs.anyContains(torn.toString(), "offset " + lastStart), "cut at " + cut + ": " + logs.warnings());
                storage.queue(KEY).publish(MsgId.random(), text("after recovery"));
            }
            try (Storage storage = Storage.open(copy, StoreTesting.tiny().withIndexSegmentEntries(100))) {
                List<RecoveredEntry> entries = recovered(storage.queue(KEY));
                assertEquals(5, entries.size());
                assertEquals("after recovery", text(entries.get(4).embeddedBody()));
            }
            deleteTree(copy);
        }
    }

    @Test
    void aTornAckTailOnlyBringsThatMessageBack() throws IOException {
        Path original = dir.resolve("original");
        try (Storage storage = Storage.open(original, tiny())) {
            QueueIndex queue = storage.queue(KEY);
            for (int i = 0; i < 5; i++) queue.publish(MsgId.random(), text("m" + i));
            queue.delivered(1);
            queue.acked(1);
            queue.delivered(3);
            queue.acked(3);
        }
        Path ack = queueDir(original).resolve("0.ack");
        long lastStart = Files.size(ack) - MarkRecord.LENGTH;
        for (long cut = lastStart + 1; cut < lastStart + MarkRecord.LENGTH; cut++) {
            Path copy = dir.resolve("cut-" + cut);
            copyTree(original, copy);
            Path torn = queueDir(copy).resolve("0.ack");
            truncate(torn, cut);
            boolean zerosOnly = StoreTesting.zerosFrom(torn, lastStart); // the torn bytes, before recovery cuts them
            try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(copy, tiny())) {
                List<RecoveredEntry> entries = recovered(storage.queue(KEY));
                assertEquals(List.of(0L, 2L, 3L, 4L), entries.stream().map(RecoveredEntry::seq).toList());
                assertTrue(entries.get(2).delivered(), "the delivered mark before the torn ack survived");
                // zeros alone (the first bytes of a big-endian length) look like a filled-ahead tail: no damage to report
                assertEquals(!zerosOnly, logs.anyContains(torn.toString(), "offset " + lastStart), "cut at " + cut + ": " + logs.warnings());
                storage.queue(KEY).acked(3);
            }
            try (Storage storage = Storage.open(copy, tiny())) {
                assertEquals(List.of(0L, 2L, 4L), recovered(storage.queue(KEY)).stream().map(RecoveredEntry::seq).toList());
            }
            deleteTree(copy);
        }
    }

    @Test
    void aCorruptPublishRecordIsSkipped() throws IOException {
        try (Storage storage = Storage.open(dir, tiny())) {
            for (int i = 0; i < 5; i++) storage.queue(KEY).publish(MsgId.random(), text("body " + i));
        }
        Path idx = queueDir(dir).resolve("0.idx");
        long second = PublishRecord.OVERHEAD + "body 0".length();
        MessageStoreCorruptionTest.flipByte(idx, second + PublishRecord.FIXED + 2);
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(dir, tiny())) {
            assertEquals(List.of(0L, 2L, 3L, 4L), recovered(storage.queue(KEY)).stream().map(RecoveredEntry::seq).toList());
            assertTrue(logs.anyContains(idx.toString(), "offset " + second), logs.warnings().toString());
        }
    }

    @Test
    void aHundredThousandEntriesRecoverInOrder() throws IOException {
        int count = 100_000;
        StorageOptions options = StorageOptions.defaults().withGroupCommitWindow(java.time.Duration.ZERO);
        try (Storage storage = Storage.open(dir, options)) {
            QueueIndex queue = storage.queue(KEY);
            ByteBuffer body = ByteBuffer.allocate(8);
            for (int i = 0; i < count; i++) {
                queue.publish(new MsgId(7, i), body.putLong(0, i));
                if (i % 10 == 0) queue.acked(i);
            }
        }
        long started = System.nanoTime();
        try (Storage storage = Storage.open(dir, options)) {
            QueueIndex queue = storage.queue(KEY);
            assertEquals(count - count / 10, queue.recoveredCount());
            long expected = 1;
            int seen = 0;
            for (Iterator<RecoveredEntry> it = queue.recovered(); it.hasNext(); ) {
                RecoveredEntry entry = it.next();
                if (expected % 10 == 0) expected++;
                assertEquals(expected, entry.seq());
                assertEquals(new MsgId(7, expected), entry.id());
                assertEquals(expected, entry.embeddedBody().getLong(0));
                expected++;
                seen++;
            }
            assertEquals(count - count / 10, seen);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis < 20_000, "open and walk took " + millis + " ms");
    }

    @Test
    void concurrentPublishersGetDistinctSeqsAndAllRecover() throws Exception {
        int threads = 4;
        int perThread = 5000;
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        try (Storage storage = Storage.open(dir, tiny().withIndexSegmentEntries(64))) {
            QueueIndex queue = storage.queue(KEY);
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                publishers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) seqs.add(queue.publish(new MsgId(thread, i), text(thread + ":" + i)));
                }));
            }
            for (CompletableFuture<Void> p : publishers) p.get(30, TimeUnit.SECONDS);
        }
        assertEquals(threads * perThread, new HashSet<>(seqs).size());
        try (Storage storage = Storage.open(dir, tiny().withIndexSegmentEntries(64))) {
            List<RecoveredEntry> entries = recovered(storage.queue(KEY));
            assertEquals(threads * perThread, entries.size());
            List<Long> order = entries.stream().map(RecoveredEntry::seq).toList();
            List<Long> sorted = new ArrayList<>(seqs);
            Collections.sort(sorted);
            assertEquals(sorted, order);
            for (RecoveredEntry e : entries) {
                assertEquals(e.id().high() + ":" + e.id().low(), text(e.embeddedBody()));
            }
        }
    }

    @Test
    void deletingRemovesTheIndexAndTheKeyCanBeUsedAgain() throws IOException {
        try (Storage storage = Storage.open(dir, tiny())) {
            QueueIndex queue = storage.queue(KEY);
            queue.publish(MsgId.random(), text("gone"));
            awaitDurable(storage);
            assertTrue(Files.isDirectory(queueDir(dir)));
            storage.deleteQueue(KEY);
            assertThrows(IllegalStateException.class, () -> queue.publish(MsgId.random(), null));
            awaitDurable(storage);
            assertFalse(Files.exists(queueDir(dir)));
            storage.queue(KEY).publish(MsgId.random(), text("new queue, same name"));
        }
        try (Storage storage = Storage.open(dir, tiny())) {
            List<RecoveredEntry> entries = recovered(storage.queue(KEY));
            assertEquals(1, entries.size());
            assertEquals("new queue, same name", text(entries.get(0).embeddedBody()));
            assertEquals(0, entries.get(0).seq());
        }
    }

    @Test
    void entriesWhoseBodyIsGoneAreDroppedOnce() throws IOException {
        try (Storage storage = Storage.open(dir, tiny())) {
            storage.queue(KEY).publish(MsgId.random(), null); // never written to the message store
            storage.queue(KEY).publish(MsgId.random(), text("kept"));
        }
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(dir, tiny())) {
            assertEquals(List.of(1L), recovered(storage.queue(KEY)).stream().map(RecoveredEntry::seq).toList());
            assertTrue(logs.anyContains("1 entries refer to messages the message store does not hold"), logs.warnings().toString());
        }
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(dir, tiny())) {
            assertEquals(1, recovered(storage.queue(KEY)).size());
            assertEquals(List.of(), logs.warnings(), "the drop was recorded as an ack");
        }
    }

    @Test
    void aLongQueueKeepsOnlyAFewFilesOpen() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs Linux /proc");
        try (Storage storage = Storage.open(dir, tiny())) {
            QueueIndex queue = storage.queue(KEY);
            for (int i = 0; i < 800; i++) queue.publish(MsgId.random(), text("m"));
            for (long seq = 0; seq < 400; seq += 3) queue.delivered(seq);
            awaitDurable(storage);
            assertEquals(100, filesIn(queueDir(dir), "*.idx").size());
            long open = 0;
            try (var links = Files.list(fds)) {
                for (Path link : links.toList()) {
                    try {
                        if (Files.readSymbolicLink(link).startsWith(queueDir(dir))) open++;
                    } catch (IOException gone) {
                        // closed while listing
                    }
                }
            }
            assertTrue(open <= 2, open + " queue index files open for 100 segments");
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).sorted().toList();
    }
}
