package io.warren.broker.queue;

/**
 * The messages of a queue waiting for delivery, in delivery order. Two kinds: {@link FifoEntries}
 * and {@link PriorityEntries}. Entries marked not ready (expired in the middle of the queue) may
 * still be held; {@link #poll} and {@link #peek} skip and drop them. Owned by the queue's thread.
 */
interface ReadyEntries {
    /**
     * A new entry, behind every entry of its priority. Returns true when the entry's expiry is no
     * earlier than that of any entry before it, so {@link #pollExpiredHead} will find it in time;
     * false when the caller must track its expiry itself.
     */
    boolean add(QueueEntry entry);

    /** Takes the never-delivered entry at the head if it is expired at {@code now}, else null. */
    QueueEntry pollExpiredHead(long now);

    /** The expiry of the entry {@link #pollExpiredHead} looks at, or {@link QueueEntry#NEVER}. */
    long headExpiry();

    /** An entry coming back (requeued), at its original position among its priority. */
    void requeue(QueueEntry entry);

    /** Takes the next ready entry, or null. */
    QueueEntry poll();

    /** The next ready entry without taking it, or null. */
    QueueEntry peek();

    /**
     * Visits the ready entries from the last to be delivered to the first (for paging: the newest
     * go to disk first), without removing any, until {@code visitor} returns false. Returns false when
     * the visitor stopped the walk.
     */
    boolean visitNewestFirst(java.util.function.Predicate<QueueEntry> visitor);

    /** Drops every entry held; each ready one goes to {@code sink}. */
    void clear(java.util.function.Consumer<QueueEntry> sink);

    static ReadyEntries forPriorities(int maxPriority) {
        return maxPriority < 0 ? new FifoEntries() : new PriorityEntries(maxPriority);
    }
}
