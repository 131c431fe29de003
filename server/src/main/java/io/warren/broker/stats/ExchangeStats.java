package io.warren.broker.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * An exchange's message counters: messages published into it ({@code publish_in}) and messages it
 * routed to at least one queue ({@code publish_out}). Channels on many threads publish to one
 * exchange, so these are striped adders: no lock, and no contention between publishers.
 */
public final class ExchangeStats {
    private final LongAdder publishIn = new LongAdder();
    private final LongAdder publishOut = new LongAdder();

    void published(boolean routed) {
        publishIn.increment();
        if (routed) publishOut.increment();
    }

    public long publishIn() {
        return publishIn.sum();
    }

    public long publishOut() {
        return publishOut.sum();
    }
}
