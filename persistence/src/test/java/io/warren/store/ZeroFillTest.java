package io.warren.store;

import static io.warren.store.StoreTesting.awaitDurable;
import static io.warren.store.StoreTesting.copyTree;
import static io.warren.store.StoreTesting.filesIn;
import static io.warren.store.StoreTesting.recovered;
import static io.warren.store.StoreTesting.text;
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
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synced files run ahead of their data with zeros; recovery and shutdown handle the zeros. */
class ZeroFillTest {
    private static final String QUEUE = "q";

    private static final Path F = Path.of("f");

    @TempDir
    Path dir;

    @Test
    void aSmallFileIsNeverFilledABigOneFillsBelowLowWaterWithADoublingStep() throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(F), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ZeroFill fill = new ZeroFill();
            fill.opened(channel, 0);
            long small = ZeroFill.FIRST_FILL_AT - 1;
            channel.write(ByteBuffer.wrap(new byte[] {1}), small - 1);
            fill.afterWrite(channel, small, F);
            assertEquals(small, channel.size(), "below FIRST_FILL_AT the file keeps the size of its data");
            assertFalse(fill.hasZerosAfter(small));

            long big = ZeroFill.FIRST_FILL_AT;
            channel.write(ByteBuffer.wrap(new byte[] {2}), big - 1);
            fill.afterWrite(channel, big, F);
            assertEquals(big + ZeroFill.MIN_STEP, channel.size());
            assertTrue(StoreTesting.zerosFrom(dir.resolve(F), big));

            long lowWater = big + ZeroFill.MIN_STEP - ZeroFill.LOW_WATER;
            fill.afterWrite(channel, lowWater, F);
            assertEquals(big + ZeroFill.MIN_STEP, channel.size(), "low water still ahead: no fill");
            fill.afterWrite(channel, lowWater + 1, F);
            assertEquals(2 * (lowWater + 1), channel.size(), "the step doubled to 128 KiB, but a fill is at most the data's size");
            assertTrue(fill.hasZerosAfter(lowWater + 1));

            long later = 4L * ZeroFill.MIN_STEP;
            fill.afterWrite(channel, later, F);
            assertEquals(later + 4L * ZeroFill.MIN_STEP, channel.size(), "the third fill is the step of 256 KiB");
        }
    }

    @Test
    void aFillThatFailsTurnsFillingOffAndLeavesTheZerosToTrim() throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(F), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ZeroFill fill = new ZeroFill();
        fill.opened(channel, 0);
        channel.close();
        long dataEnd = ZeroFill.FIRST_FILL_AT;
        fill.afterWrite(channel, dataEnd, F); // a closed channel throws, as a full disk would
        assertTrue(fill.hasZerosAfter(dataEnd), "part of the fill may have landed: the owner trims");
        try (FileChannel reopened = FileChannel.open(dir.resolve(F), StandardOpenOption.WRITE)) {
            fill.truncated(dataEnd);
            fill.afterWrite(reopened, dataEnd + 1, F);
            assertEquals(0, reopened.size(), "filling stays off for the file");
            assertFalse(fill.hasZerosAfter(dataEnd + 1));
        }
    }

    @Test
    void aCrashImageWithZerosAheadRecoversEveryMessageQuietlyAndShutdownTrimsThem() throws IOException {
        Path live = dir.resolve("live");
        Path crashImage = dir.resolve("crash");
        int count = 2_500; // enough index records to pass FIRST_FILL_AT
        List<MsgId> ids;
        long dataBytes;
        long indexBytes = (long) count * PublishRecord.OVERHEAD;
        assertTrue(indexBytes > ZeroFill.FIRST_FILL_AT);
        try (Storage storage = Storage.open(live, StorageOptions.defaults())) {
            ids = publishInto(storage, count);
            dataBytes = storage.messages().totalBytes();
            Path rdq = onlyFile(live.resolve(Storage.MESSAGES), "*.rdq");
            assertTrue(Files.size(rdq) >= dataBytes + ZeroFill.LOW_WATER, "the message file runs ahead: " + Files.size(rdq));
            assertTrue(StoreTesting.zerosFrom(rdq, dataBytes));
            Path idx = onlyFile(queueDir(live), "*.idx");
            assertTrue(Files.size(idx) >= indexBytes + ZeroFill.LOW_WATER, "the index runs ahead: " + Files.size(idx));
            assertTrue(StoreTesting.zerosFrom(idx, indexBytes));
            copyTree(live, crashImage); // what a kill -9 leaves: the files as they are, zeros and all
        }
        assertEquals(dataBytes, Files.size(onlyFile(live.resolve(Storage.MESSAGES), "*.rdq")), "close trims the zeros");
        assertEquals(indexBytes, Files.size(onlyFile(queueDir(live), "*.idx")));

        MsgId after = MsgId.random();
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(crashImage, StorageOptions.defaults())) {
            assertEquals(dataBytes, Files.size(onlyFile(crashImage.resolve(Storage.MESSAGES), "*.rdq")), "recovery cuts the zeros off");
            assertEquals(indexBytes, Files.size(onlyFile(queueDir(crashImage), "*.idx")));
            List<RecoveredEntry> entries = recovered(storage.queue(QUEUE));
            assertEquals(ids, entries.stream().map(RecoveredEntry::id).toList());
            for (int i = 0; i < count; i++) assertEquals("message " + i, text(storage.messages().read(ids.get(i))));
            assertEquals(dataBytes, storage.messages().totalBytes(), "the zeros are not counted as data");
            assertEquals(List.of(), logs.warnings(), "a zero tail is no damage");
            storage.messages().write(after, text("after the crash"), 1);
            storage.queue(QUEUE).publish(after, null);
            awaitDurable(storage);
        }
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(crashImage, StorageOptions.defaults())) {
            List<RecoveredEntry> entries = recovered(storage.queue(QUEUE));
            assertEquals(count + 1, entries.size());
            assertEquals(after, entries.get(count).id());
            assertEquals("after the crash", text(storage.messages().read(after)));
            assertEquals(List.of(), logs.warnings());
        }
    }

    @Test
    void aQuietQueuesFilesKeepTheSizeOfTheirData() throws IOException {
        try (Storage storage = Storage.open(dir, StorageOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                MsgId id = MsgId.random();
                storage.messages().write(id, text("message " + i), 1);
                storage.queue(QUEUE).publish(id, null);
            }
            awaitDurable(storage);
            assertEquals(storage.messages().totalBytes(), Files.size(onlyFile(dir.resolve(Storage.MESSAGES), "*.rdq")));
            assertEquals(10L * PublishRecord.OVERHEAD, Files.size(onlyFile(queueDir(dir), "*.idx")));
        }
    }

    @Test
    void aTornRecordBeforeTheZerosIsCutOffWithAWarningAndEverythingBeforeItRecovers() throws IOException {
        Path live = dir.resolve("live");
        Path crashImage = dir.resolve("crash");
        List<MsgId> ids = publish(live, 2_500);
        long dataBytes;
        try (Storage storage = Storage.open(live, StorageOptions.defaults())) {
            dataBytes = storage.messages().totalBytes();
            storage.messages().write(MsgId.random(), text("x"), 1); // the head reopens and fills ahead again
            awaitDurable(storage);
            copyTree(live, crashImage);
        }
        Path rdq = onlyFile(crashImage.resolve(Storage.MESSAGES), "*.rdq");
        assertTrue(Files.size(rdq) > dataBytes + 100 && StoreTesting.zerosFrom(rdq, dataBytes + 100), "zeros follow the data");
        byte[] firstRecordHead = new byte[20]; // a record cut short: its size, id and some of its body, then zeros
        try (FileChannel channel = FileChannel.open(rdq, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.read(ByteBuffer.wrap(firstRecordHead), 0);
            channel.write(ByteBuffer.wrap(new byte[100]), dataBytes); // the record "x" written after the restart goes
            channel.write(ByteBuffer.wrap(firstRecordHead), dataBytes);
        }
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(crashImage, StorageOptions.defaults())) {
            assertTrue(logs.anyContains(rdq.toString(), "offset " + dataBytes), logs.warnings().toString());
            assertEquals(dataBytes, Files.size(rdq), "the torn record and the zeros after it are cut off");
            assertEquals(ids, recovered(storage.queue(QUEUE)).stream().map(RecoveredEntry::id).toList());
            for (int i = 0; i < ids.size(); i++) assertEquals("message " + i, text(storage.messages().read(ids.get(i))));
        }
    }

    @Test
    void aFailedWriteOnAFilledFileRollsBackAndLeavesACleanFile() throws Exception {
        assertRollbackOnAFilledFile(disk -> disk.failWrites = true, disk -> disk.failWrites = false);
    }

    @Test
    void aFailedFsyncOnAFilledFileRollsBackAndLeavesACleanFile() throws Exception {
        assertRollbackOnAFilledFile(disk -> disk.failForces = true, disk -> disk.failForces = false);
    }

    private void assertRollbackOnAFilledFile(Consumer<FaultInjector> fail,
                                             Consumer<FaultInjector> heal) throws Exception {
        FaultInjector disk = new FaultInjector();
        List<MsgId> before;
        MsgId during = MsgId.random();
        MsgId after = MsgId.random();
        try (Storage storage = Storage.open(dir, StorageOptions.defaults(), disk)) {
            before = publishInto(storage, 2_500);
            Path rdq = onlyFile(dir.resolve(Storage.MESSAGES), "*.rdq");
            assertTrue(Files.size(rdq) > storage.messages().totalBytes(), "the file is filled ahead");

            fail.accept(disk);
            storage.messages().write(during, text("during"), 1);
            storage.queue(QUEUE).publish(during, null);
            assertThrows(ExecutionException.class, () -> StoreTesting.syncFuture(storage).get(30, TimeUnit.SECONDS));
            heal.accept(disk);
            storage.messages().write(after, text("after"), 1);
            storage.queue(QUEUE).publish(after, null);
            awaitDurable(storage);
        }
        try (LogCapture logs = new LogCapture(); Storage storage = Storage.open(dir, StorageOptions.defaults())) {
            List<MsgId> expected = new ArrayList<>(before);
            expected.add(after);
            assertEquals(expected, recovered(storage.queue(QUEUE)).stream().map(RecoveredEntry::id).toList());
            assertNull(storage.messages().read(during));
            assertEquals("after", text(storage.messages().read(after)));
            assertEquals(List.of(), logs.warnings(), "rolled back: nothing torn was left, zeros or not");
        }
    }

    @Test
    void sealedSegmentsAreTrimmedWhileTheStoreRuns() throws IOException {
        long segmentSize = 128 << 10;
        try (Storage storage = Storage.open(dir, StorageOptions.defaults().withSegmentSize(segmentSize))) {
            for (int i = 0; i < 400; i++) storage.messages().write(MsgId.random(), ByteBuffer.wrap(new byte[1000]), 1);
            awaitDurable(storage);
            List<Path> files = filesIn(dir.resolve(Storage.MESSAGES), "*.rdq");
            assertTrue(files.size() >= 3, files.toString());
            for (Path sealed : files.subList(0, files.size() - 1)) {
                long size = Files.size(sealed);
                assertTrue(size <= segmentSize && !StoreTesting.zerosFrom(sealed, size - 1), sealed + " has " + size + " bytes");
            }
        }
    }

    private static List<MsgId> publish(Path dataDir, int count) throws IOException {
        try (Storage storage = Storage.open(dataDir, StorageOptions.defaults())) {
            return publishInto(storage, count);
        }
    }

    /** Stores and publishes "message 0".."message count-1" to the queue, and waits until they are durable. */
    private static List<MsgId> publishInto(Storage storage, int count) {
        List<MsgId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MsgId id = MsgId.random();
            storage.messages().write(id, text("message " + i), 1);
            storage.queue(QUEUE).publish(id, null);
            ids.add(id);
        }
        awaitDurable(storage);
        return ids;
    }

    private static Path queueDir(Path dataDir) {
        return dataDir.resolve(Storage.QUEUES).resolve(QueueDirectories.directoryName(QUEUE));
    }

    private static Path onlyFile(Path directory, String glob) {
        List<Path> files = filesIn(directory, glob);
        assertEquals(1, files.size(), directory + " " + glob + ": " + files);
        return files.get(0);
    }
}
