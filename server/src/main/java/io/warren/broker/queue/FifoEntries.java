package io.warren.broker.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Ready entries of one priority in sequence order. Entries never delivered wait in a deque in
 * enqueue order; requeued entries wait in a small heap by sequence. Every requeued entry was once
 * at the head, so its sequence is lower than every entry still in the deque: the heap always
 * comes first, and a requeued message gets back its original position.
 */
final class FifoEntries implements ReadyEntries {
    private final ArrayDeque<QueueEntry> fresh = new ArrayDeque<>();
    private final PriorityQueue<QueueEntry> requeued = new PriorityQueue<>(Comparator.comparingLong(e -> e.sequence));
    /** The latest expiry among the never-delivered entries added in expiry order. */
    private long latestInOrderExpiry = Long.MIN_VALUE;

    @Override
    public boolean add(QueueEntry entry) {
        if (fresh.isEmpty()) latestInOrderExpiry = Long.MIN_VALUE;
        fresh.addLast(entry);
        if (entry.expiresAt < latestInOrderExpiry) return false;
        latestInOrderExpiry = entry.expiresAt;
        return true;
    }

    @Override
    public QueueEntry pollExpiredHead(long now) {
        while (!fresh.isEmpty()) {
            QueueEntry head = fresh.peekFirst();
            if (head.ready && !head.expiredAt(now)) return null;
            fresh.pollFirst();
            if (head.ready) return head;
        }
        return null;
    }

    @Override
    public long headExpiry() {
        for (QueueEntry head = fresh.peekFirst(); head != null; head = fresh.peekFirst()) {
            if (head.ready) return head.expiresAt;
            fresh.pollFirst();
        }
        return QueueEntry.NEVER;
    }

    @Override
    public void requeue(QueueEntry entry) {
        requeued.add(entry);
    }

    @Override
    public QueueEntry poll() {
        QueueEntry next = peek();
        if (next != null) {
            if (!requeued.isEmpty() && requeued.peek() == next) requeued.poll();
            else fresh.pollFirst();
        }
        return next;
    }

    @Override
    public QueueEntry peek() {
        while (!requeued.isEmpty()) {
            QueueEntry head = requeued.peek();
            if (head.ready) return head;
            requeued.poll();
        }
        while (!fresh.isEmpty()) {
            QueueEntry head = fresh.peekFirst();
            if (head.ready) return head;
            fresh.pollFirst();
        }
        return null;
    }

    @Override
    public boolean visitNewestFirst(java.util.function.Predicate<QueueEntry> visitor) {
        for (Iterator<QueueEntry> newestFirst = fresh.descendingIterator(); newestFirst.hasNext(); ) {
            QueueEntry entry = newestFirst.next();
            if (entry.ready && !visitor.test(entry)) return false;
        }
        if (requeued.isEmpty()) return true;
        List<QueueEntry> back = new ArrayList<>(requeued);
        back.sort(Comparator.comparingLong((QueueEntry e) -> e.sequence).reversed());
        for (QueueEntry entry : back) if (entry.ready && !visitor.test(entry)) return false;
        return true;
    }

    @Override
    public void clear(java.util.function.Consumer<QueueEntry> sink) {
        for (QueueEntry entry : requeued) if (entry.ready) sink.accept(entry);
        for (QueueEntry entry : fresh) if (entry.ready) sink.accept(entry);
        requeued.clear();
        fresh.clear();
    }

    boolean isEmpty() {
        return peek() == null;
    }
}
