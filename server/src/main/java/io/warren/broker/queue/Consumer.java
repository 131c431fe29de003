package io.warren.broker.queue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One basic.consume subscription. Its credit is shared between two threads: the queue's thread
 * counts deliveries in ({@link #onDelivered}), the channel's thread counts settlements out
 * ({@link #onSettled}); both counters are atomics, nothing else is shared.
 *
 * <p>Prefetch follows RabbitMQ: {@code prefetch} is this consumer's own limit (basic.qos with
 * global=false), {@code channelCredit} the limit shared by all consumers of its channel
 * (basic.qos with global=true); 0 means unlimited, and no-ack consumers are never limited.
 */
public final class Consumer {
    private final String tag;
    private final DeliveryTarget target;
    private final boolean noAck;
    private final boolean exclusive;
    private final int priority;
    private final int prefetch;
    private final ChannelCredit channelCredit;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Consumer(String tag, DeliveryTarget target, boolean noAck, boolean exclusive, int priority, int prefetch,
                    ChannelCredit channelCredit) {
        this.tag = tag;
        this.target = target;
        this.noAck = noAck;
        this.exclusive = exclusive;
        this.priority = priority;
        this.prefetch = prefetch;
        this.channelCredit = channelCredit;
    }

    public String tag() {
        return tag;
    }

    public DeliveryTarget target() {
        return target;
    }

    public boolean noAck() {
        return noAck;
    }

    public boolean exclusive() {
        return exclusive;
    }

    public int priority() {
        return priority;
    }

    boolean hasCredit() {
        if (!target.accepting()) return false;
        if (noAck) return true;
        return (prefetch == 0 || inFlight.get() < prefetch) && channelCredit.available();
    }

    void onDelivered() {
        if (noAck) return;
        inFlight.incrementAndGet();
        channelCredit.taken();
    }

    /**
     * Called by the channel when a delivery to this consumer is acked, rejected or requeued.
     * Returns true when the consumer may have been waiting for credit, so its queue should look again.
     */
    public boolean onSettled() {
        int before = inFlight.getAndDecrement();
        boolean channelWasFull = channelCredit.returned();
        return (prefetch != 0 && before >= prefetch) || channelWasFull;
    }
}
