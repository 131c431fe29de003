package io.warren.broker.connection;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's open AMQP connections, for shutdown and management, and the counts its limits need: connections
 * per node ({@code connection_max}) and per vhost ({@code max-connections}), and channels per node
 * ({@code channel_max_per_node}). Admission is atomic, so connections opening at once on different event loops
 * cannot pass a limit together. Thread-safe.
 */
public final class ConnectionRegistry {
    /** Why a connection was not admitted. */
    enum Refusal { NONE, NODE_LIMIT, VHOST_LIMIT }

    private final Set<AmqpConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perVhost = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger channels = new AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder openedTotal = new java.util.concurrent.atomic.LongAdder();
    private volatile String alarm;

    /** Counts a connection in, unless that would pass the node's or its vhost's limit (either may be unlimited). */
    Refusal admit(AmqpConnection connection, String vhost, int nodeLimit, int vhostLimit) {
        if (!increment(open, nodeLimit)) return Refusal.NODE_LIMIT;
        if (!increment(perVhost.computeIfAbsent(vhost, v -> new AtomicInteger()), vhostLimit)) {
            open.decrementAndGet();
            return Refusal.VHOST_LIMIT;
        }
        connections.add(connection);
        openedTotal.increment();
        return Refusal.NONE;
    }

    /** Counts out a connection {@link #admit admitted} to {@code vhost}. */
    void remove(AmqpConnection connection, String vhost) {
        if (connections.remove(connection)) {
            open.decrementAndGet();
            perVhost.get(vhost).decrementAndGet();
        }
    }

    /** Counts a channel in unless the node has {@code limit} open already. */
    boolean openChannel(int limit) {
        return increment(channels, limit);
    }

    void channelClosed() {
        channels.decrementAndGet();
    }

    /**
     * A resource alarm was raised (its reason, e.g. "low on memory") or cleared (null): every connection
     * blocks or resumes its publishers, and connections opened later start in the same state.
     */
    public void alarm(String reason) {
        alarm = reason;
        for (AmqpConnection connection : connections) connection.alarm(reason);
    }

    /** The alarm in force, or null. */
    public String alarm() {
        return alarm;
    }

    public List<AmqpConnection> snapshot() {
        return List.copyOf(connections);
    }

    /** Connections admitted since the node started (Prometheus {@code rabbitmq_connections_opened_total}). */
    public long openedTotal() {
        return openedTotal.sum();
    }

    public int size() {
        return connections.size();
    }

    /** Open connections to {@code vhost}. */
    public int count(String vhost) {
        AtomicInteger count = perVhost.get(vhost);
        return count == null ? 0 : count.get();
    }

    /** Increments {@code counter} unless it is at {@code limit} already; a negative limit means none. */
    private static boolean increment(AtomicInteger counter, int limit) {
        while (true) {
            int current = counter.get();
            if (limit >= 0 && current >= limit) return false;
            if (counter.compareAndSet(current, current + 1)) return true;
        }
    }
}
