package io.warren.broker.queue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The unacknowledged-delivery limit shared by all consumers of one channel (basic.qos with
 * global=true). Queues count deliveries in, the channel counts settlements out; 0 = unlimited.
 */
public final class ChannelCredit {
    private volatile int limit;
    private final AtomicInteger inFlight = new AtomicInteger();

    public void limit(int limit) {
        this.limit = limit;
    }

    /** Whether a channel-wide limit is set (basic.qos global=true). */
    public boolean limited() {
        return limit != 0;
    }

    boolean available() {
        int l = limit;
        return l == 0 || inFlight.get() < l;
    }

    void taken() {
        inFlight.incrementAndGet();
    }

    /** True when the channel was at its limit before this settlement. */
    boolean returned() {
        int l = limit;
        return inFlight.getAndDecrement() >= l && l != 0;
    }
}
