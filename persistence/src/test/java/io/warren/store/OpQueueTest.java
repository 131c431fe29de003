package io.warren.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class OpQueueTest {
    private static final class Numbered extends IoOp {
        final int producer;
        final int number;

        Numbered(int producer, int number) {
            this.producer = producer;
            this.number = number;
        }

        @Override
        void run(IoLoop loop) {
        }
    }

    @Test
    void emptyQueuePollsNull() {
        OpQueue queue = new OpQueue();
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
    }

    @Test
    void manyProducersLoseNothingAndKeepEachProducersOrder() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        OpQueue queue = new OpQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) queue.offer(new Numbered(producer, i));
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        int[] next = new int[producers];
        int received = 0;
        while (received < producers * perProducer) {
            IoOp op = queue.poll();
            if (op == null) {
                Thread.onSpinWait();
                continue;
            }
            Numbered n = (Numbered) op;
            assertEquals(next[n.producer]++, n.number, "order of producer " + n.producer);
            received++;
        }
        for (Thread t : threads) t.join();
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }
}
