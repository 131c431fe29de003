package io.warren.broker.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The queue benchmarks deliver and settle every message they publish, and leak no body. */
class ClassicQueueBenchmarkSanityTest {

    @Test
    void everyMessageIsDeliveredAndAcked() throws Exception {
        ClassicQueueBenchmark b = new ClassicQueueBenchmark();
        b.setUp();
        try {
            for (int i = 1; i <= 3; i++) {
                long settled = b.inline();
                // all but the last, unfinished ack batch are settled
                assertTrue(settled > (long) i * ClassicQueueBenchmark.BATCH - ClassicQueueBenchmark.ACK_BATCH, "inline " + settled);
                assertEquals(ClassicQueueBenchmark.BATCH, b.baselineInline());
                assertEquals((long) i * ClassicQueueBenchmark.BATCH, b.crossThread());
            }
        } finally {
            b.tearDown();
        }
    }
}
