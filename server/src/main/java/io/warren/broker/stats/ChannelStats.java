package io.warren.broker.stats;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

/**
 * What the management API shows of one open channel: its message counters
 * ({@link ChannelCounter}), its consumers, and its settings (prefetch, confirm or transaction mode).
 *
 * <p><b>Threads.</b> The counting methods are called on the channel's connection thread only: the
 * counters are {@link SingleWriterCounters}, a few instructions per message. Consumers and settings
 * change rarely and are kept in thread-safe fields any thread may read. {@link #unacknowledged()}
 * must be read on the connection's thread ({@link #executor}).
 */
public final class ChannelStats {
    private final VhostStatistics vhost;
    private final int number;
    private final Object connection;
    private final String user;
    private final Executor executor;
    private final IntSupplier unacknowledged;
    private final long createdAt = System.currentTimeMillis();
    private final SingleWriterCounters counters = new SingleWriterCounters(ChannelCounter.values().length);
    private final Map<String, ConsumerInfo> consumers = new ConcurrentHashMap<>();
    private volatile int prefetchCount;
    private volatile int globalPrefetchCount;
    private volatile boolean confirm;
    private volatile boolean transactional;
    private volatile boolean flow;

    /**
     * Opens the statistics of a new channel and registers them with its virtual host.
     *
     * @param connection     the channel's connection (the management API knows its type)
     * @param executor       the connection's thread
     * @param unacknowledged the number of unacknowledged deliveries, read on the connection's thread
     */
    public static ChannelStats open(VhostStatistics vhost, int number, Object connection, String user,
                                    Executor executor, IntSupplier unacknowledged) {
        ChannelStats stats = new ChannelStats(vhost, number, connection, user, executor, unacknowledged);
        vhost.opened(stats);
        return stats;
    }

    private ChannelStats(VhostStatistics vhost, int number, Object connection, String user,
                         Executor executor, IntSupplier unacknowledged) {
        this.vhost = vhost;
        this.number = number;
        this.connection = connection;
        this.user = user;
        this.executor = executor;
        this.unacknowledged = unacknowledged;
    }

    // ---- counting: the channel's connection thread only ----------------------------------------

    /** A message was published to {@code exchange}; unroutable ones were returned (mandatory) or dropped. */
    public void published(ExchangeStats exchange, boolean routed, boolean mandatory) {
        if (!Statistics.ENABLED) return;
        counters.add(ChannelCounter.PUBLISH.ordinal(), 1);
        exchange.published(routed);
        if (!routed) counters.add(mandatory ? ChannelCounter.RETURN_UNROUTABLE.ordinal() : ChannelCounter.DROP_UNROUTABLE.ordinal(), 1);
    }

    /** {@code count} publishes were confirmed. */
    public void confirmed(long count) {
        if (Statistics.ENABLED && count > 0) counters.add(ChannelCounter.CONFIRM.ordinal(), count);
    }

    /** A message was sent to one of this channel's consumers. */
    public void delivered(boolean noAck, boolean redelivered) {
        if (!Statistics.ENABLED) return;
        counters.add(noAck ? ChannelCounter.DELIVER_NO_ACK.ordinal() : ChannelCounter.DELIVER.ordinal(), 1);
        if (redelivered) counters.add(ChannelCounter.REDELIVER.ordinal(), 1);
    }

    /** basic.get was answered: get-empty ({@code found} false) or get-ok. */
    public void got(boolean found, boolean noAck, boolean redelivered) {
        if (!Statistics.ENABLED) return;
        if (!found) {
            counters.add(ChannelCounter.GET_EMPTY.ordinal(), 1);
            return;
        }
        counters.add(noAck ? ChannelCounter.GET_NO_ACK.ordinal() : ChannelCounter.GET.ordinal(), 1);
        if (redelivered) counters.add(ChannelCounter.REDELIVER.ordinal(), 1);
    }

    /** {@code count} deliveries were acknowledged. */
    public void acked(int count) {
        if (Statistics.ENABLED && count > 0) counters.add(ChannelCounter.ACK.ordinal(), count);
    }

    // ---- consumers and settings: rare changes, any reader ---------------------------------------

    public void consumerAdded(ConsumerInfo consumer) {
        consumers.put(consumer.tag(), consumer);
    }

    public void consumerRemoved(String tag) {
        consumers.remove(tag);
    }

    public void prefetch(int perConsumer, int global) {
        prefetchCount = perConsumer;
        globalPrefetchCount = global;
    }

    public void confirmMode() {
        confirm = true;
    }

    public void transactional() {
        transactional = true;
    }

    /** The channel's publishes are held back (a queue pacing them), or no longer. */
    public void flow(boolean held) {
        flow = held;
    }

    /** The channel closed: its counts move into its virtual host's totals. Called once. */
    public void closed() {
        consumers.clear();
        vhost.closed(this);
    }

    // ---- reading: any thread --------------------------------------------------------------------

    public long get(ChannelCounter counter) {
        return counters.get(counter.ordinal());
    }

    public int number() { return number; }
    public Object connection() { return connection; }
    public String user() { return user; }
    public String vhost() { return vhost.name(); }
    public long createdAt() { return createdAt; }
    public int prefetchCount() { return prefetchCount; }
    public int globalPrefetchCount() { return globalPrefetchCount; }
    public boolean confirm() { return confirm; }
    public boolean isTransactional() { return transactional; }
    /** RabbitMQ's channel state: "flow" while its publishes are held back, else "running". */
    public String state() { return flow ? "flow" : "running"; }

    public List<ConsumerInfo> consumers() {
        return List.copyOf(consumers.values());
    }

    /** The number of unacknowledged deliveries: call on {@link #executor()} only. */
    public int unacknowledged() {
        return unacknowledged.getAsInt();
    }

    /** The channel's connection thread. */
    public Executor executor() {
        return executor;
    }
}
