package io.warren.management.stats;

import io.warren.broker.Broker;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueStatus;
import io.warren.broker.stats.ChannelCounter;
import io.warren.broker.stats.ChannelStats;
import io.warren.broker.stats.QueueCounter;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every counter of the node every {@code collect_statistics_interval} (5 s by default)
 * and turns the last two samples into per-second rates, as RabbitMQ's management plugin does:
 * per queue (its {@link QueueCounter}s and its message counts), exchange ({@code publish_in},
 * {@code publish_out}), channel ({@link ChannelCounter}s), virtual host and the node. The message
 * path only increments counters; everything else happens here, on one background thread.
 * Objects that disappear are forgotten at the next sample. The node's last
 * {@link #HISTORY} samples are kept for charts.
 */
public final class RateSampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RateSampler.class);
    /** Samples of the node's totals kept (10 minutes at the default interval). */
    public static final int HISTORY = 120;
    /** Index in a queue's or vhost's series of the message counts after its counters. */
    public static final int MESSAGES = 0;
    public static final int READY = 1;
    public static final int UNACKED = 2;

    private final Supplier<Broker> broker;
    private final long intervalMillis;
    private final Map<Object, Series> series = new ConcurrentHashMap<>();
    private final ArrayDeque<NodeSample> history = new ArrayDeque<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "warren-stats-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private long tick;

    public RateSampler(Supplier<Broker> broker, long intervalMillis) {
        this.broker = broker;
        this.intervalMillis = Math.max(100, intervalMillis);
    }

    public void start() {
        timer.scheduleAtFixedRate(this::sampleSafely, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    private void sampleSafely() {
        try {
            if (broker.get().running()) sample();
        } catch (RuntimeException e) {
            log.warn("statistics sample failed: {}", e.toString());
        }
    }

    /** Takes one sample now (the timer calls this; tests may too). */
    public synchronized void sample() {
        long now = System.currentTimeMillis();
        tick++;
        Map<ClassicQueue, CompletableFuture<QueueStatus>> statuses = new IdentityHashMap<>();
        for (VirtualHost vhost : broker.get().virtualHosts().all()) {
            for (ClassicQueue queue : vhost.queues()) statuses.put(queue, queue.status());
        }
        try {
            CompletableFuture.allOf(statuses.values().toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("some queues did not answer the statistics sample: {}", e.toString());
        }
        long[] nodeCounters = new long[ChannelCounter.values().length];
        long[] nodeMessages = new long[3];
        for (VirtualHost vhost : broker.get().virtualHosts().all()) {
            long[] vhostMessages = new long[3];
            for (ClassicQueue queue : vhost.queues()) {
                QueueStatus status = statuses.get(queue).getNow(null);
                if (status == null) continue;
                long[] counts = messages(status);
                for (int i = 0; i < 3; i++) vhostMessages[i] += counts[i];
                long[] values = new long[QueueCounter.values().length + 3];
                for (QueueCounter counter : QueueCounter.values()) values[counter.ordinal()] = queue.stats().get(counter);
                System.arraycopy(counts, 0, values, QueueCounter.values().length, 3);
                record(queue, values, now);
            }
            for (Exchange exchange : vhost.exchanges()) {
                record(exchange, new long[] {exchange.stats().publishIn(), exchange.stats().publishOut()}, now);
            }
            for (ChannelStats channel : vhost.statistics().channels()) record(channel, counters(channel), now);
            long[] vhostValues = new long[ChannelCounter.values().length + 3];
            for (ChannelCounter counter : ChannelCounter.values()) {
                long total = vhost.statistics().total(counter);
                vhostValues[counter.ordinal()] = total;
                nodeCounters[counter.ordinal()] += total;
            }
            System.arraycopy(vhostMessages, 0, vhostValues, ChannelCounter.values().length, 3);
            for (int i = 0; i < 3; i++) nodeMessages[i] += vhostMessages[i];
            record(vhost, vhostValues, now);
        }
        long[] nodeValues = new long[ChannelCounter.values().length + 3];
        System.arraycopy(nodeCounters, 0, nodeValues, 0, nodeCounters.length);
        System.arraycopy(nodeMessages, 0, nodeValues, nodeCounters.length, 3);
        record(NODE, nodeValues, now);
        series.values().removeIf(s -> s.seenInTick != tick);
        synchronized (history) {
            history.addLast(new NodeSample(now, nodeCounters, nodeMessages));
            while (history.size() > HISTORY) history.removeFirst();
        }
    }

    private static final Object NODE = new Object();

    private void record(Object key, long[] values, long now) {
        Series s = series.get(key);
        if (s == null) {
            s = new Series(values, now);
            series.put(key, s);
        } else {
            s.update(values, now);
        }
        s.seenInTick = tick;
    }

    private static long[] counters(ChannelStats channel) {
        long[] values = new long[ChannelCounter.values().length];
        for (ChannelCounter counter : ChannelCounter.values()) values[counter.ordinal()] = channel.get(counter);
        return values;
    }

    private static long[] messages(QueueStatus status) {
        return new long[] {status.messagesReady() + status.messagesUnacknowledged(), status.messagesReady(),
                status.messagesUnacknowledged()};
    }

    // ---- reading ------------------------------------------------------------------------------------

    /** The rate of a queue's counter, per second. */
    public double rate(ClassicQueue queue, QueueCounter counter) {
        return rate(queue, counter.ordinal());
    }

    /** The rate of change of a queue's message count ({@link #MESSAGES}, {@link #READY}, {@link #UNACKED}). */
    public double messagesRate(ClassicQueue queue, int which) {
        return rate(queue, QueueCounter.values().length + which);
    }

    public double rate(ChannelStats channel, ChannelCounter counter) {
        return rate(channel, counter.ordinal());
    }

    public double rate(VirtualHost vhost, ChannelCounter counter) {
        return rate(vhost, counter.ordinal());
    }

    public double messagesRate(VirtualHost vhost, int which) {
        return rate(vhost, ChannelCounter.values().length + which);
    }

    public double nodeRate(ChannelCounter counter) {
        return rate(NODE, counter.ordinal());
    }

    public double nodeMessagesRate(int which) {
        return rate(NODE, ChannelCounter.values().length + which);
    }

    /** {@code publish_in} (0) or {@code publish_out} (1) per second. */
    public double rate(Exchange exchange, int which) {
        return rate((Object) exchange, which);
    }

    /** When the queue's counts and counters last changed (epoch milliseconds), or 0 when not sampled yet. */
    public long lastActivity(ClassicQueue queue) {
        Series s = series.get(queue);
        return s == null ? 0 : s.lastChangeAt();
    }

    private double rate(Object key, int index) {
        Series s = series.get(key);
        return s == null ? 0.0 : s.rate(index);
    }

    /** The node's last samples, oldest first. */
    public List<NodeSample> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
