package io.warren.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage benchmarks run and measure what they claim, in a second or so. */
class StoreBenchmarkSanityTest {
    @TempDir
    Path dir;

    @Test
    void appendBenchmarksMakeEveryMessageDurableAndSettleThePreviousBatch() throws IOException {
        StoreAppendBenchmark b = new StoreAppendBenchmark();
        b.batch = 50;
        b.windowMillis = 0;
        b.setUp();
        try {
            StoreAppendBenchmark.Publisher store = new StoreAppendBenchmark.Publisher();
            StoreAppendBenchmark.Publisher embedded = new StoreAppendBenchmark.Publisher();
            StoreAppendBenchmark.Publisher raw = new StoreAppendBenchmark.Publisher();
            for (int i = 0; i < 5; i++) {
                b.storeAndIndex(store);
                b.storeAndIndexFourPublishers(store);
                b.embeddedInIndex(embedded);
                b.baselineFileChannel(raw);
            }
            assertEquals(2 * 5 * 50, store.messages);
            assertEquals(5 * 50, embedded.messages);
            assertEquals(5 * 50, raw.messages);
            assertEquals(50, b.storedMessages(), "all but the last batch were acked and released");
            assertTrue(StoreAppendBenchmark.bytesPerMessage() > 1024);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void recoveryMeasureRecoversEveryMessage() throws IOException {
        StoreRecoveryMeasure.Result result = StoreRecoveryMeasure.measure(dir.resolve("data"), 20_000);
        assertEquals(20_000, result.messages());
        assertTrue(result.openSeconds() > 0 && result.bytesOnDisk() > 20_000L * 1024, result.toString());
    }
}
