package io.warren.broker.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed set of monotonic counters with one writing thread and any number of readers. A write is
 * a plain read and an opaque store: no lock, no atomic read-modify-write, no fence, so counting on
 * the message path costs a few instructions. Readers see each counter's latest value eventually
 * (within microseconds), which is all a sampler that runs every few seconds needs.
 *
 * <p>Only the owner thread (a channel's connection loop, a queue's loop) may call {@link #add}.
 */
final class SingleWriterCounters {
    private final AtomicLongArray values;

    SingleWriterCounters(int size) {
        values = new AtomicLongArray(size);
    }

    /** Owner thread only. */
    void add(int index, long delta) {
        values.setOpaque(index, values.getPlain(index) + delta);
    }

    /** Any thread. */
    long get(int index) {
        return values.getOpaque(index);
    }

    int size() {
        return values.length();
    }
}
