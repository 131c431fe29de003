package io.warren.broker.queue;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code x-expires}: deletes a queue left unused (no consumers, no basic.get, no redeclare) for
 * its expiry period. The period restarts at every use; the timer runs only while the queue has
 * no consumers. Owned by the queue's thread.
 */
final class IdleExpiry {
    private final EventExecutor executor;
    private final Runnable onExpired;
    private long lastUsed = System.currentTimeMillis();
    private long expires = QueueSettings.NONE;
    private boolean idle;
    private ScheduledFuture<?> timer;

    IdleExpiry(EventExecutor executor, Runnable onExpired) {
        this.executor = executor;
        this.onExpired = onExpired;
    }

    /** The queue was used: the period starts again. */
    void used() {
        lastUsed = System.currentTimeMillis();
        rearm();
    }

    /** The expiry period ({@link QueueSettings#NONE} for none) or whether the queue has consumers changed. */
    void update(long expiresMillis, boolean hasConsumers) {
        expires = expiresMillis;
        idle = !hasConsumers;
        rearm();
    }

    void cancel() {
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    private void rearm() {
        cancel();
        if (expires == QueueSettings.NONE || !idle) return;
        long delay = Math.max(0, lastUsed + expires - System.currentTimeMillis());
        timer = executor.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        timer = null;
        if (!idle || expires == QueueSettings.NONE) return;
        if (System.currentTimeMillis() >= lastUsed + expires) onExpired.run();
        else rearm();
    }
}
