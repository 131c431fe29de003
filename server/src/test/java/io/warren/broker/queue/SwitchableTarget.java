package io.warren.broker.queue;

import java.util.concurrent.atomic.AtomicInteger;

/** A consumer's channel for queue tests: the test backs its socket up or frees it; it counts and drops what it gets. */
final class SwitchableTarget implements DeliveryTarget {
    volatile boolean accepting = true;
    final AtomicInteger delivered = new AtomicInteger();

    @Override
    public void deliver(Consumer consumer, ClassicQueue queue, QueueEntry entry) {
        delivered.incrementAndGet();
        entry.message().release();
    }

    @Override
    public boolean accepting() {
        return accepting;
    }

    @Override
    public void cancelledByQueue(Consumer consumer) {
    }
}
