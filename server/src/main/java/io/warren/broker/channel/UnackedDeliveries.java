package io.warren.broker.channel;

import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.Consumer;
import io.warren.broker.queue.QueueEntry;

/**
 * A channel's deliveries awaiting ack, nack or reject, in delivery-tag order.
 *
 * <p>Layout: a growable ring of parallel arrays (tag, queue, consumer, entry, delivery time). Tags are appended
 * in increasing order, so a tag is found by binary search; a settled slot is nulled and the head
 * skips nulls, which keeps the common in-order acks O(1) and allocation-free. Confined to the
 * channel's thread.
 */
final class UnackedDeliveries {
    /** Receives each delivery taken out of the ledger. */
    interface Sink {
        void settled(ClassicQueue queue, Consumer consumer, QueueEntry entry);
    }

    /** Small: most channels never hold many unacked deliveries (an idle connection costs little); the ring doubles as needed. */
    private static final int INITIAL_CAPACITY = 8;

    private long[] tags = new long[INITIAL_CAPACITY];
    private ClassicQueue[] queues = new ClassicQueue[INITIAL_CAPACITY];
    private Consumer[] consumers = new Consumer[INITIAL_CAPACITY];
    private QueueEntry[] entries = new QueueEntry[INITIAL_CAPACITY];
    private long[] deliveredAt = new long[INITIAL_CAPACITY];
    private int head;
    private int size; // slots from head, settled ones included
    private int live;

    int size() {
        return live;
    }

    /** Records a delivery made at {@code timeMillis} (epoch milliseconds; used for the consumer timeout). */
    void add(long tag, ClassicQueue queue, Consumer consumer, QueueEntry entry, long timeMillis) {
        if (size == tags.length) grow();
        int slot = (head + size) & (tags.length - 1);
        tags[slot] = tag;
        deliveredAt[slot] = timeMillis;
        queues[slot] = queue;
        consumers[slot] = consumer;
        entries[slot] = entry;
        size++;
        live++;
    }

    /** When the oldest delivery still unsettled was made, or {@link Long#MAX_VALUE} when none is. */
    long oldestDeliveredAt() {
        return size == 0 ? Long.MAX_VALUE : deliveredAt[head];
    }

    boolean contains(long tag) {
        int i = find(tag);
        return i >= 0 && entries[slot(i)] != null;
    }

    /** Takes out one delivery; false when the tag is unknown or already settled. */
    boolean remove(long tag, Sink sink) {
        int i = find(tag);
        if (i < 0 || entries[slot(i)] == null) return false;
        take(slot(i), sink);
        trimHead();
        return true;
    }

    /** Takes out every delivery with a tag up to and including {@code tag}; returns how many. */
    int removeUpTo(long tag, Sink sink) {
        int taken = 0;
        for (int i = 0; i < size; i++) {
            int s = slot(i);
            if (tags[s] > tag) break;
            if (entries[s] != null) {
                take(s, sink);
                taken++;
            }
        }
        trimHead();
        return taken;
    }

    int removeAll(Sink sink) {
        return removeUpTo(Long.MAX_VALUE, sink);
    }

    private void take(int s, Sink sink) {
        ClassicQueue queue = queues[s];
        Consumer consumer = consumers[s];
        QueueEntry entry = entries[s];
        queues[s] = null;
        consumers[s] = null;
        entries[s] = null;
        live--;
        sink.settled(queue, consumer, entry);
    }

    private void trimHead() {
        while (size > 0 && entries[head] == null) {
            head = (head + 1) & (tags.length - 1);
            size--;
        }
    }

    /** Index (from head) of the slot holding {@code tag}, or -1. */
    private int find(long tag) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long t = tags[slot(mid)];
            if (t < tag) low = mid + 1;
            else if (t > tag) high = mid - 1;
            else return mid;
        }
        return -1;
    }

    private int slot(int index) {
        return (head + index) & (tags.length - 1);
    }

    private void grow() {
        int n = tags.length;
        long[] t = new long[n * 2];
        ClassicQueue[] q = new ClassicQueue[n * 2];
        Consumer[] c = new Consumer[n * 2];
        QueueEntry[] e = new QueueEntry[n * 2];
        long[] d = new long[n * 2];
        for (int i = 0; i < size; i++) {
            int s = slot(i);
            t[i] = tags[s];
            d[i] = deliveredAt[s];
            q[i] = queues[s];
            c[i] = consumers[s];
            e[i] = entries[s];
        }
        tags = t;
        queues = q;
        consumers = c;
        entries = e;
        deliveredAt = d;
        head = 0;
    }
}
