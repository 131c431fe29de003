package io.warren.broker.queue;

/**
 * Where a queue sends deliveries: a consumer's channel. Called on the queue's thread; the
 * implementation hops to its own connection's thread.
 */
public interface DeliveryTarget {
    /** Sends the entry to the consumer; the target owns one reference to its body until settled. */
    void deliver(Consumer consumer, ClassicQueue queue, QueueEntry entry);

    /**
     * Whether the target can take more deliveries now (its socket is not backed up). Any thread.
     * When it becomes able again, the target wakes the queues of its consumers.
     */
    boolean accepting();

    /** The queue cancelled the consumer (queue deleted): tell the client if it supports it. */
    void cancelledByQueue(Consumer consumer);
}
