package io.warren.broker.stats;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A virtual host's open channels and its message totals. The totals are the counts of the channels
 * that closed (added once, when each closes) plus those of the open ones (summed when read), so
 * counting a message touches only its channel's counters. Thread-safe.
 */
public final class VhostStatistics {
    private final String name;
    private final Set<ChannelStats> open = ConcurrentHashMap.newKeySet();
    private final AtomicLongArray ofClosedChannels = new AtomicLongArray(ChannelCounter.values().length);
    private final LongAdder channelsOpened = new LongAdder();
    private final LongAdder channelsClosed = new LongAdder();

    public VhostStatistics(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void opened(ChannelStats channel) {
        open.add(channel);
        channelsOpened.increment();
    }

    void closed(ChannelStats channel) {
        if (!open.contains(channel)) return;
        for (ChannelCounter counter : ChannelCounter.values()) {
            long value = channel.get(counter);
            if (value != 0) ofClosedChannels.addAndGet(counter.ordinal(), value);
        }
        open.remove(channel); // after adding: a reader may count it twice for an instant, never lose it
        channelsClosed.increment();
    }

    /** The open channels. */
    public List<ChannelStats> channels() {
        return List.copyOf(open);
    }

    /** Every message this vhost's channels counted, closed ones included. */
    public long total(ChannelCounter counter) {
        long sum = ofClosedChannels.get(counter.ordinal());
        for (ChannelStats channel : open) sum += channel.get(counter);
        return sum;
    }

    public long channelsOpened() {
        return channelsOpened.sum();
    }

    public long channelsClosed() {
        return channelsClosed.sum();
    }
}
