package io.warren.broker.queue;

/**
 * Ready entries of a priority queue ({@code x-max-priority}): one {@link FifoEntries} per level,
 * highest level first, FIFO within a level. A message's priority is clamped to the queue's
 * maximum when the entry is made; a message without one has priority 0.
 */
final class PriorityEntries implements ReadyEntries {
    private final FifoEntries[] levels;

    PriorityEntries(int maxPriority) {
        levels = new FifoEntries[maxPriority + 1];
        for (int i = 0; i < levels.length; i++) levels[i] = new FifoEntries();
    }

    /** Always false: across levels, delivery order is not enqueue order, so expiries are tracked by the caller. */
    @Override
    public boolean add(QueueEntry entry) {
        levels[entry.priority].add(entry);
        return entry.expiresAt == QueueEntry.NEVER;
    }

    @Override
    public QueueEntry pollExpiredHead(long now) {
        return null;
    }

    @Override
    public long headExpiry() {
        return QueueEntry.NEVER;
    }

    @Override
    public void requeue(QueueEntry entry) {
        levels[entry.priority].requeue(entry);
    }

    @Override
    public QueueEntry poll() {
        for (int i = levels.length - 1; i >= 0; i--) {
            QueueEntry entry = levels[i].poll();
            if (entry != null) return entry;
        }
        return null;
    }

    @Override
    public QueueEntry peek() {
        for (int i = levels.length - 1; i >= 0; i--) {
            QueueEntry entry = levels[i].peek();
            if (entry != null) return entry;
        }
        return null;
    }

    @Override
    public boolean visitNewestFirst(java.util.function.Predicate<QueueEntry> visitor) {
        for (FifoEntries level : levels) if (!level.visitNewestFirst(visitor)) return false;
        return true;
    }

    @Override
    public void clear(java.util.function.Consumer<QueueEntry> sink) {
        for (int i = levels.length - 1; i >= 0; i--) levels[i].clear(sink);
    }
}
