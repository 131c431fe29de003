package io.warren.store;

import static io.warren.store.StoreTesting.awaitDurable;
import static io.warren.store.StoreTesting.copyTree;
import static io.warren.store.StoreTesting.deleteTree;
import static io.warren.store.StoreTesting.filesIn;
import static io.warren.store.StoreTesting.text;
import static io.warren.store.StoreTesting.tiny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery of message store files that a crash tore or a disk corrupted. */
class MessageStoreCorruptionTest {
    private static final int RECORDS = 5;
    private static final int BODY = 48;
    private static final int RECORD = BODY + MessageRecord.OVERHEAD;

    @TempDir
    Path dir;
    private Path original;
    private final List<MsgId> ids = new ArrayList<>();

    @BeforeEach
    void writeRecords() {
        original = dir.resolve("original");
        try (Storage storage = Storage.open(original, tiny())) {
            for (int i = 0; i < RECORDS; i++) {
                MsgId id = MsgId.random();
                storage.messages().write(id, text(body(i)), 1);
                storage.queue("q").publish(id, null);
                ids.add(id);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String body(int i) {
        return String.format("message %-40d", i);
    }

    private static Path onlyRdq(Path dataDir) {
        List<Path> files = filesIn(dataDir.resolve(Storage.MESSAGES), "*.rdq");
        assertEquals(1, files.size());
        return files.get(0);
    }

    @Test
    void aTailTornAtEveryOffsetOfTheLastRecordLosesOnlyThatRecord() throws IOException {
        long lastStart = (long) (RECORDS - 1) * RECORD;
        assertEquals(lastStart + RECORD, java.nio.file.Files.size(onlyRdq(original)));
        for (long cut = lastStart + 1; cut < lastStart + RECORD; cut++) {
            Path copy = dir.resolve("cut-" + cut);
            copyTree(original, copy);
            Path rdq = onlyRdq(copy);
            try (FileChannel channel = FileChannel.open(rdq, StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            boolean zerosOnly = StoreTesting.zerosFrom(rdq, lastStart); // the torn bytes, before recovery cuts them
            MsgId appended = MsgId.random();
            try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(copy, tiny())) {
                MessageStore store = storage.messages();
                for (int i = 0; i < RECORDS - 1; i++) assertEquals(body(i), text(store.read(ids.get(i))), "cut at " + cut);
                assertNull(store.read(ids.get(RECORDS - 1)), "cut at " + cut);
                // zeros alone (the first bytes of a big-endian size) look like a filled-ahead tail: no damage to report
                assertEquals(!zerosOnly, logs.anyContains(rdq.toString(), "offset " + lastStart), "cut at " + cut + ": " + logs.warnings());
                assertEquals(RECORDS - 1, StoreTesting.recovered(storage.queue("q")).size());
                store.write(appended, text("after recovery"), 1);
                storage.queue("q").publish(appended, null);
                awaitDurable(storage);
                assertEquals("after recovery", text(store.read(appended)));
            }
            try (Storage storage = Storage.open(copy, tiny())) {
                MessageStore store = storage.messages();
                for (int i = 0; i < RECORDS - 1; i++) assertEquals(body(i), text(store.read(ids.get(i))));
                assertEquals("after recovery", text(store.read(appended)));
                assertEquals(lastStart + "after recovery".length() + MessageRecord.OVERHEAD, java.nio.file.Files.size(rdq),
                        "the torn bytes were truncated before appending");
            }
            deleteTree(copy);
        }
    }

    @Test
    void aCorruptByteInAMiddleRecordSkipsOnlyThatRecord() throws IOException {
        long start = 2L * RECORD;
        Path rdq = onlyRdq(original);
        flipByte(rdq, start + MessageRecord.HEADER + 5);
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(original, tiny())) {
            MessageStore store = storage.messages();
            for (int i = 0; i < RECORDS; i++) {
                if (i == 2) {
                    assertNull(store.read(ids.get(i)));
                } else {
                    assertEquals(body(i), text(store.read(ids.get(i))));
                }
            }
            assertTrue(logs.anyContains(rdq.toString(), "corrupt record at offset " + start), logs.warnings().toString());
            MsgId appended = MsgId.random();
            store.write(appended, text("after"), 1);
            awaitDurable(storage);
            assertEquals("after", text(store.read(appended)));
        }
    }

    @Test
    void aCorruptSizeFieldIsSkippedByFindingTheNextRecord() throws IOException {
        long start = 1L * RECORD;
        Path rdq = onlyRdq(original);
        try (FileChannel channel = FileChannel.open(rdq, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).putLong(0, 1_000_000L), start);
        }
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(original, tiny())) {
            MessageStore store = storage.messages();
            assertNull(store.read(ids.get(1)));
            for (int i : new int[] {0, 2, 3, 4}) assertEquals(body(i), text(store.read(ids.get(i))));
            assertTrue(logs.anyContains(rdq.toString(), "offset " + start), logs.warnings().toString());
            assertEquals(RECORDS - 1, StoreTesting.recovered(storage.queue("q")).size());
        }
    }

    @Test
    void aCompactionCutShortByACrashLeavesTwoCopiesAndRecoveryKeepsOne() throws IOException {
        Path rdq = onlyRdq(original);
        byte[] second = new byte[RECORD];
        try (FileChannel channel = FileChannel.open(rdq, StandardOpenOption.READ)) {
            channel.read(ByteBuffer.wrap(second), RECORD);
        }
        java.nio.file.Files.write(rdq.resolveSibling(SegmentFile.fileName(2)), second); // the moved copy
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(original, tiny())) {
            MessageStore store = storage.messages();
            assertEquals(RECORDS, store.messageCount());
            for (int i = 0; i < RECORDS; i++) assertEquals(body(i), text(store.read(ids.get(i))));
            assertEquals((long) RECORDS * RECORD, store.liveBytes());
            assertEquals(store.liveBytes(), store.totalBytes(), "the second copy was dead, and its file deleted");
            assertEquals(1, store.fileCount());
            assertEquals(List.of(rdq), filesIn(original.resolve(Storage.MESSAGES), "*.rdq"));
            assertEquals(List.of(), logs.warnings());
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, position);
        }
    }
}
