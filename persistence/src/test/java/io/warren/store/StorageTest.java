package io.warren.store;

import static io.warren.store.StoreTesting.awaitDurable;
import static io.warren.store.StoreTesting.filesIn;
import static io.warren.store.StoreTesting.recovered;
import static io.warren.store.StoreTesting.syncFuture;
import static io.warren.store.StoreTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {
    @TempDir
    Path dir;

    @Test
    void thousandsOfWritesFromSeveralThreadsShareOneCommit() throws Exception {
        int threads = 4;
        int perThread = 1250;
        try (Storage storage = Storage.open(dir, StorageOptions.defaults())) {
            QueueIndex queue = storage.queue("q");
            awaitDurable(storage);
            long commitsBefore = storage.commits();
            long forcesBefore = storage.forces();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(CompletableFuture.runAsync(() -> {
                    ByteBuffer body = ByteBuffer.allocate(1024);
                    for (int i = 0; i < perThread; i++) {
                        MsgId id = MsgId.random();
                        storage.messages().write(id, body, 1);
                        queue.publish(id, null);
                    }
                }));
            }
            for (CompletableFuture<Void> w : writers) w.get(30, TimeUnit.SECONDS);
            CompletableFuture<String> callbackThread = new CompletableFuture<>();
            storage.sync(SyncCallback.of(() -> callbackThread.complete(Thread.currentThread().getName()),
                    callbackThread::completeExceptionally));
            assertEquals("warren-storage-io", callbackThread.get(30, TimeUnit.SECONDS));
            assertEquals(1, storage.commits() - commitsBefore, "one commit for 5000 messages and 5000 index entries");
            long forces = storage.forces() - forcesBefore;
            assertTrue(forces >= 2 && forces <= 6, "one fsync per file and new directory entry, not per message: " + forces);
            assertEquals(threads * perThread, storage.messages().messageCount());
        }
        try (Storage storage = Storage.open(dir, StorageOptions.defaults())) {
            assertEquals(threads * perThread, storage.queue("q").recoveredCount());
        }
    }

    @Test
    void syncsFromManyThreadsShareCommitsAndAllComplete() throws Exception {
        StorageOptions options = StorageOptions.defaults().withGroupCommitWindow(Duration.ofMillis(50));
        try (Storage storage = Storage.open(dir, options)) {
            long commitsBefore = storage.commits();
            List<CompletableFuture<Void>> syncs = new ArrayList<>();
            List<CompletableFuture<Void>> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(CompletableFuture.runAsync(() -> {
                    for (int batch = 0; batch < 10; batch++) {
                        for (int i = 0; i < 100; i++) storage.messages().write(MsgId.random(), ByteBuffer.allocate(100), 1);
                        CompletableFuture<Void> synced = syncFuture(storage);
                        synchronized (syncs) {
                            syncs.add(synced);
                        }
                    }
                }));
            }
            for (CompletableFuture<Void> t : threads) t.get(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long commits = storage.commits() - commitsBefore;
            assertTrue(commits < syncs.size(), commits + " commits for " + syncs.size() + " syncs");
        }
    }

    @Test
    void aZeroWindowCommitsAsSoonAsTheQueueIsDrained() throws Exception {
        try (Storage storage = Storage.open(dir, StorageOptions.defaults().withGroupCommitWindow(Duration.ZERO))) {
            for (int i = 0; i < 10; i++) {
                storage.messages().write(MsgId.random(), text("m"), 1);
                syncFuture(storage).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aFailedWriteFailsItsSyncLosesOnlyUnsyncedDataAndTheStoreCarriesOn() throws Exception {
        FaultInjector disk = new FaultInjector();
        MsgId before = MsgId.random();
        MsgId during = MsgId.random();
        MsgId after = MsgId.random();
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(dir, StoreTesting.tiny(), disk)) {
            MessageStore store = storage.messages();
            QueueIndex queue = storage.queue("q");
            store.write(before, text("before"), 1);
            queue.publish(before, null);
            awaitDurable(storage);

            disk.failWrites = true;
            store.write(during, text("during"), 1);
            queue.publish(during, null);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> syncFuture(storage).get(30, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("injected"), failed.getCause().getMessage());
            assertEquals("before", text(store.read(before)), "synced data stays readable");
            assertNull(store.read(during), "the failed write is not pretended stored");
            assertTrue(logs.anyContains("failed", "No space left on device"), logs.warnings().toString());

            disk.failWrites = false;
            store.write(after, text("after"), 1);
            queue.publish(after, null);
            awaitDurable(storage);
            assertEquals("after", text(store.read(after)));
        }
        assertCleanRecoveryOf(Set.of(before, after), during);
    }

    @Test
    void aFailedFsyncFailsItsSyncAndDropsWhatItCoveredAndTheStoreCarriesOn() throws Exception {
        FaultInjector disk = new FaultInjector();
        MsgId before = MsgId.random();
        MsgId during = MsgId.random();
        MsgId after = MsgId.random();
        try (Storage storage = Storage.open(dir, StoreTesting.tiny(), disk)) {
            MessageStore store = storage.messages();
            QueueIndex queue = storage.queue("q");
            store.write(before, text("before"), 1);
            queue.publish(before, null);
            awaitDurable(storage);

            disk.failForces = true;
            store.write(during, text("during"), 1);
            queue.publish(during, null);
            assertThrows(ExecutionException.class, () -> syncFuture(storage).get(30, TimeUnit.SECONDS));
            assertEquals("before", text(store.read(before)));
            assertNull(store.read(during), "after a failed fsync its pages cannot be trusted");

            disk.failForces = false;
            store.write(after, text("after"), 1);
            queue.publish(after, null);
            awaitDurable(storage);
        }
        assertCleanRecoveryOf(Set.of(before, after), during);
    }

    @Test
    void aWriteLostBeforeAnySyncWasAskedForFailsTheNextSync() throws Exception {
        FaultInjector disk = new FaultInjector();
        try (Storage storage = Storage.open(dir, StoreTesting.tiny(), disk)) {
            MessageStore store = storage.messages();
            awaitDurable(storage);
            disk.failWrites = true;
            MsgId lost = MsgId.random();
            store.write(lost, text("lost"), 1);
            StoreTesting.eventually("the failed flush dropped the message", () -> !store.contains(lost));
            disk.failWrites = false;
            assertThrows(ExecutionException.class, () -> syncFuture(storage).get(30, TimeUnit.SECONDS),
                    "the sync covers a write that was lost");
            store.write(MsgId.random(), text("later"), 1);
            awaitDurable(storage);
        }
    }

    private void assertCleanRecoveryOf(Set<MsgId> present, MsgId absent) throws IOException {
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            for (MsgId id : present) assertTrue(storage.messages().contains(id), id.toString());
            assertNull(storage.messages().read(absent));
            assertEquals(present, Set.copyOf(recovered(storage.queue("q")).stream().map(RecoveredEntry::id).toList()));
            assertEquals(List.of(), logs.warnings(), "failed writes were rolled back, nothing torn was left");
        }
    }

    @Test
    void acksAreLazilyDurableNotForcedByEverySync() throws IOException {
        try (Storage storage = Storage.open(dir, StoreTesting.tiny().withIndexSegmentEntries(100))) {
            QueueIndex queue = storage.queue("q");
            long first = queue.publish(MsgId.random(), text("m1"));
            long second = queue.publish(MsgId.random(), text("m2"));
            queue.acked(first); // creates the sidecar file, whose directory entry is forced
            awaitDurable(storage);
            long started = System.nanoTime();
            long forcesBefore = storage.forces();
            queue.acked(second);
            awaitDurable(storage);
            if (System.nanoTime() - started < 900_000_000L) {
                assertEquals(forcesBefore, storage.forces(), "the ack waits for the next lazy force");
            }
        }
        try (Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            assertEquals(List.of(), recovered(storage.queue("q")), "close forced the ack");
        }
    }

    @Test
    void queuedBytesCountWritesNotYetAppendedAndAStreamThatNeverDrainsIsStillFlushed() throws Exception {
        try (Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            awaitDurable(storage);
            IoThreadHold first = IoThreadHold.on(storage);
            IoThreadHold second = null;
            try {
                int records = (int) (3 * IoLoop.FLUSH_BYTES / 64_000);
                List<MsgId> ids = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    MsgId id = MsgId.random();
                    ids.add(id);
                    storage.pagingStore().write(id, ByteBuffer.allocate(64_000), 1);
                }
                second = IoThreadHold.on(storage); // the I/O thread stops here, before its queue ever runs dry
                assertTrue(storage.queuedBytes() >= (long) records * 64_000, "queued: " + storage.queuedBytes());
                first.release();
                second.awaitHeld();
                assertEquals(0, storage.queuedBytes());
                long stillInMemory = ids.stream().filter(id -> storage.pagingStore().entry(id).pendingRecord != null).count();
                assertTrue(stillInMemory * 64_000 <= IoLoop.FLUSH_BYTES,
                        stillInMemory + " of " + records + " records still in memory before the queue drained");
            } finally {
                first.release();
                if (second != null) second.release();
            }
            awaitDurable(storage);
        }
    }

    @Test
    void thePagingStoreIsNeverFsyncedAndStartsEmpty() throws IOException {
        MsgId id = MsgId.random();
        try (Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            awaitDurable(storage);
            long forcesBefore = storage.forces();
            for (int i = 0; i < 100; i++) storage.pagingStore().write(MsgId.random(), ByteBuffer.allocate(200), 1);
            storage.pagingStore().write(id, text("paged out"), 1);
            awaitDurable(storage);
            assertEquals(forcesBefore, storage.forces());
            assertEquals("paged out", text(storage.pagingStore().read(id)));
            assertTrue(storage.pagingStore().fileCount() > 1);
        }
        try (Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            assertNull(storage.pagingStore().read(id));
            assertEquals(0, storage.pagingStore().messageCount());
            assertEquals(List.of(), filesIn(dir.resolve(Storage.PAGING), "*.rdq"));
        }
    }

    @Test
    void queueKeysSurviveARestartUntilTheQueueIsDeleted() throws IOException {
        String odd = "vhost/with\0slashes/and ünïcode";
        try (Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            storage.queue("/\0a").publish(MsgId.random(), text("a"));
            storage.queue(odd).publish(MsgId.random(), text("b"));
            storage.queue("/\0never-published");
        }
        try (Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            assertEquals(Set.of("/\0a", odd), storage.recoveredQueueKeys());
            storage.deleteQueue("/\0a");
        }
        try (Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            assertEquals(Set.of(odd), storage.recoveredQueueKeys());
            assertEquals("b", text(recovered(storage.queue(odd)).get(0).embeddedBody()));
        }
    }

    @Test
    void aQueueDirectoryWithoutANameIsSkippedNotFatal() throws IOException {
        Files.createDirectories(dir.resolve(Storage.QUEUES).resolve("0123456789abcdef0123456789abcdef01234567"));
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(dir, StoreTesting.tiny())) {
            assertEquals(Set.of(), storage.recoveredQueueKeys());
            assertTrue(logs.anyContains("has no valid name file"), logs.warnings().toString());
        }
    }

    @Test
    void closeWritesEverythingAndLaterCallsAreRefused() throws IOException {
        MsgId id = MsgId.random();
        Storage storage = Storage.open(dir, StoreTesting.tiny());
        storage.messages().write(id, text("unsynced"), 1);
        storage.queue("q").publish(id, null);
        storage.close();
        assertThrows(IllegalStateException.class, () -> storage.messages().write(MsgId.random(), text("late"), 1));
        try (Storage reopened = Storage.open(dir, StoreTesting.tiny())) {
            assertEquals("unsynced", text(reopened.messages().read(id)));
        }
    }
}
