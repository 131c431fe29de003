package io.warren.store;

import static io.warren.store.StoreTesting.awaitDurable;
import static io.warren.store.StoreTesting.copyTree;
import static io.warren.store.StoreTesting.filesIn;
import static io.warren.store.StoreTesting.recovered;
import static io.warren.store.StoreTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synced files run ahead of their data with zeros; recovery and shutdown handle the zeros. */
class ZeroFillTest {
    private static final String QUEUE = "q";

    @TempDir
    Path dir;

    @Test
    void aSmallFileIsNeverFilledABigOneFillsBelowLowWaterWithADoublingStep() throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ZeroFill fill = new ZeroFill();
            fill.opened(channel, 0);
            long small = ZeroFill.FIRST_FILL_AT - 1;
            channel.write(ByteBuffer.wrap(new byte[] {1}), small - 1);
            fill.afterWrite(channel, small, "f");
            assertEquals(small, channel.size(), "below FIRST_FILL_AT the file keeps the size of its data");
            assertFalse(fill.hasZerosAfter(small));

            long big = ZeroFill.FIRST_FILL_AT;
            channel.write(ByteBuffer.wrap(new byte[] {2}), big - 1);
            fill.afterWrite(channel, big, "f");
            assertEquals(big + ZeroFill.MIN_STEP, channel.size());
            assertTrue(StoreTesting.zerosFrom(dir.resolve("f"), big));

            long lowWater = big + ZeroFill.MIN_STEP - ZeroFill.LOW_WATER;
            fill.afterWrite(channel, lowWater, "f");
            assertEquals(big + ZeroFill.MIN_STEP, channel.size(), "low water still ahead: no fill");
            fill.afterWrite(channel, lowWater + 1, "f");
            assertEquals(lowWater + 1 + 2L * ZeroFill.MIN_STEP, channel.size(), "the next fill is a doubled step");
            assertTrue(fill.hasZerosAfter(lowWater + 1));
        }
    }

    @Test
    void aFillThatFailsTurnsFillingOffAndLeavesTheZerosToTrim() throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ZeroFill fill = new ZeroFill();
        fill.opened(channel, 0);
        channel.close();
        long dataEnd = ZeroFill.FIRST_FILL_AT;
        fill.afterWrite(channel, dataEnd, "f"); // a closed channel throws, as a full disk would
        assertTrue(fill.hasZerosAfter(dataEnd), "part of the fill may have landed: the owner trims");
        try (FileChannel reopened = FileChannel.open(dir.resolve("f"), StandardOpenOption.WRITE)) {
            fill.truncated(dataEnd);
            fill.afterWrite(reopened, dataEnd + 1, "f");
            assertEquals(0, reopened.size(), "filling stays off for the file");
            assertFalse(fill.hasZerosAfter(dataEnd + 1));
        }
    }

    @Test
    void aCrashImageWithZerosAheadRecoversEveryMessageQuietlyAndShutdownTrimsThem() throws IOException {
        Path live = dir.resolve("live");
        Path crashImage = dir.resolve("crash");
        int count = 2_500; // enough index records to pass FIRST_FILL_AT
        List<MsgId> ids = new ArrayList<>();
        long dataBytes;
        long indexBytes = (long) count * PublishRecord.OVERHEAD;
        assertTrue(indexBytes > ZeroFill.FIRST_FILL_AT);
        try (Storage storage = Storage.open(live, StorageOptions.defaults())) {
            for (int i = 0; i < count; i++) {
                MsgId id = MsgId.random();
                storage.messages().write(id, text("message " + i), 1);
                storage.queue(QUEUE).publish(id, null);
                ids.add(id);
            }
            awaitDurable(storage);
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

    private static Path queueDir(Path dataDir) {
        return dataDir.resolve(Storage.QUEUES).resolve(QueueDirectories.directoryName(QUEUE));
    }

    private static Path onlyFile(Path directory, String glob) {
        List<Path> files = filesIn(directory, glob);
        assertEquals(1, files.size(), directory + " " + glob + ": " + files);
        return files.get(0);
    }
}
