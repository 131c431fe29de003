package io.warren.broker.queue;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * When a queue's messages expire, and the one timer that fires for the earliest of them.
 *
 * <p>Most queues get their expiries in enqueue order (a queue TTL, or per-message TTLs that do
 * not shrink): the ready structure then finds expired entries at its head, and nothing here holds
 * them. Entries whose expiry is earlier than one already queued before them (a short per-message
 * TTL behind a long one, a requeued entry, every entry of a priority queue) are kept in a heap by
 * expiry, so they expire on time from the middle of the queue, as users expect; the heap may hold
 * entries already delivered, which are skipped when they come up.
 *
 * <p>Only one timer is scheduled at a time, moved earlier when an earlier expiry arrives: a
 * million messages with the same TTL cost one timer, not a million. Owned by the queue's thread.
 */
final class Expiries {
    private final PriorityQueue<QueueEntry> outOfOrder = new PriorityQueue<>(Comparator.comparingLong(e -> e.expiresAt));
    private final EventExecutor executor;
    private final Runnable onDue;
    private ScheduledFuture<?> timer;
    private long timerAt = QueueEntry.NEVER;

    Expiries(EventExecutor executor, Runnable onDue) {
        this.executor = executor;
        this.onDue = onDue;
    }

    /** Tracks an entry its ready structure will not find at its head in expiry order. */
    void trackOutOfOrder(QueueEntry entry) {
        if (entry.expiresAt == QueueEntry.NEVER) return;
        outOfOrder.add(entry);
        scheduleAt(entry.expiresAt);
    }

    /** Takes the next tracked entry that is still ready and expired at {@code now}, or null. */
    QueueEntry pollExpired(long now) {
        while (!outOfOrder.isEmpty() && outOfOrder.peek().expiredAt(now)) {
            QueueEntry entry = outOfOrder.poll();
            if (entry.ready) return entry;
        }
        return null;
    }

    /** The earliest tracked expiry, or {@link QueueEntry#NEVER}. */
    long earliest() {
        while (!outOfOrder.isEmpty() && !outOfOrder.peek().ready) outOfOrder.poll();
        return outOfOrder.isEmpty() ? QueueEntry.NEVER : outOfOrder.peek().expiresAt;
    }

    /** Makes sure the timer fires no later than {@code at} (epoch milliseconds). */
    void scheduleAt(long at) {
        if (at >= timerAt) return;
        if (timer != null) timer.cancel(false);
        timerAt = at;
        long delay = Math.max(0, at - System.currentTimeMillis());
        timer = executor.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    void clear() {
        outOfOrder.clear();
        if (timer != null) timer.cancel(false);
        timer = null;
        timerAt = QueueEntry.NEVER;
    }

    private void fire() {
        timer = null;
        timerAt = QueueEntry.NEVER;
        onDue.run();
    }
}
