package io.warren.broker.vhost;

import io.warren.broker.ProtocolException;
import io.warren.codec.Method;
import io.warren.codec.ReplyCode;

/**
 * A virtual host's limits, as RabbitMQ's {@code set_vhost_limits}: {@code max-connections} and
 * {@code max-queues}. {@link #UNLIMITED} (RabbitMQ's -1, the default) means no limit; 0 allows none.
 * Settable at any time from any thread; a new limit applies to the next connection.open or queue.declare,
 * and what exists already is left alone.
 */
public final class VhostLimits {
    public static final int UNLIMITED = -1;

    private volatile int maxConnections = UNLIMITED;
    private volatile int maxQueues = UNLIMITED;
    private final Runnable changed;

    /** @param changed called after every change (the definitions file saves the limits) */
    VhostLimits(Runnable changed) {
        this.changed = changed;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxQueues() {
        return maxQueues;
    }

    /** Sets {@code max-connections}; negative means no limit. */
    public VhostLimits maxConnections(int limit) {
        this.maxConnections = limit < 0 ? UNLIMITED : limit;
        changed.run();
        return this;
    }

    /** Sets {@code max-queues}; negative means no limit. */
    public VhostLimits maxQueues(int limit) {
        this.maxQueues = limit < 0 ? UNLIMITED : limit;
        changed.run();
        return this;
    }

    /** Lifts both limits ({@code clear_vhost_limits}). */
    public void clear() {
        maxConnections = UNLIMITED;
        maxQueues = UNLIMITED;
        changed.run();
    }

    /** Whether any limit is set. */
    public boolean any() {
        return maxConnections != UNLIMITED || maxQueues != UNLIMITED;
    }

    /** Whether one more connection would pass {@code max-connections}, given how many are open. */
    public boolean connectionsExhausted(int open) {
        int limit = maxConnections;
        return limit != UNLIMITED && open >= limit;
    }

    /** 406 with RabbitMQ's text when a new queue would pass {@code max-queues}. */
    public void checkNewQueue(String vhost, String queue, int existing, Method cause) {
        int limit = maxQueues;
        if (limit != UNLIMITED && existing >= limit) {
            throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "cannot declare queue '" + queue
                    + "': queue limit in vhost '" + vhost + "' (" + limit + ") is reached", cause);
        }
    }
}
