package io.warren.broker.queue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission for a queue that refuses publishes when full ({@code x-overflow} = reject-publish or
 * reject-publish-dlx). Publishers on other threads must learn at once whether the queue takes a
 * message, so the ready count and bytes the limit applies to are mirrored here in atomics: a
 * publisher reserves room ({@link #tryAdmit}) before handing the message over, and the queue's
 * thread gives room back as entries leave the ready state. Messages still in the queue's inbox
 * count as ready, so a burst cannot overshoot the limit.
 *
 * <p>Inactive (and free of atomic traffic) for queues without such a limit. When a policy turns
 * it on, the queue seeds it from its own counts ({@link #configure}).
 */
final class LengthGate {
    private volatile boolean active;
    private volatile long maxLength = Long.MAX_VALUE;
    private volatile long maxBytes = Long.MAX_VALUE;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Queue thread: applies new settings; {@code readyCount}/{@code readyBytes} describe the queue now. */
    void configure(QueueSettings settings, long readyCount, long readyBytes) {
        boolean wasActive = active;
        maxLength = settings.maxLength() == QueueSettings.NONE ? Long.MAX_VALUE : settings.maxLength();
        maxBytes = settings.maxLengthBytes() == QueueSettings.NONE ? Long.MAX_VALUE : settings.maxLengthBytes();
        if (!wasActive && settings.rejectsWhenFull()) {
            count.set(readyCount);
            bytes.set(readyBytes);
        }
        active = settings.rejectsWhenFull();
    }

    /** Any thread: reserves room for one message of {@code size} body bytes; false when the queue is full. */
    boolean tryAdmit(int size) {
        if (!active) return true;
        long c = count.incrementAndGet();
        long b = bytes.addAndGet(size);
        if (c > maxLength || b > maxBytes) {
            count.decrementAndGet();
            bytes.addAndGet(-size);
            return false;
        }
        return true;
    }

    /** Queue thread: a message left the ready state (delivered, expired, dropped, purged). */
    void left(int size) {
        if (!active) return;
        count.decrementAndGet();
        bytes.addAndGet(-size);
    }

    /** Queue thread: a message became ready again (requeued). */
    void returned(int size) {
        if (!active) return;
        count.incrementAndGet();
        bytes.addAndGet(size);
    }
}
