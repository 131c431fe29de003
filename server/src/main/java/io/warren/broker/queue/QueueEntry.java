package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.store.MessageStore;
import io.warren.store.MsgId;

/**
 * A message's place in one queue: its position ({@code sequence}, increasing in enqueue order),
 * its priority, expiry and size, and whether it has been delivered before. Owned by the queue's
 * thread; a channel holds it while it is unacknowledged and hands it back to the queue to settle.
 *
 * <p>{@link #ready} is true while the entry waits in the queue. An entry that expires while it
 * sits in the middle of the queue is only marked not ready; the ready structures skip such
 * entries when they reach them, so expiry never searches the queue.
 *
 * <p>A durable queue's persistent entry also knows its {@link #journalPosition} and the message's
 * {@link #storeId}. A paged-out entry has no {@link #message} in memory: its body is read back
 * from {@link #pagedIn} (the message store or the paging store) when it is delivered.
 */
public final class QueueEntry {
    /** {@link #expiresAt} of an entry that never expires. */
    static final long NEVER = Long.MAX_VALUE;

    final long sequence;
    final int priority;
    final long expiresAt;
    final int bodySize;
    Message message;
    boolean redelivered;
    boolean ready;
    /** Position in the queue's journal, or -1 when the entry is not journaled. */
    long journalPosition = -1;
    boolean deliveryJournaled;
    /** Where the body is stored on disk (durable store or paging store), or null. */
    MsgId storeId;
    /** The store to read a paged-out body from, or null while the body is in memory. */
    MessageStore pagedIn;

    QueueEntry(long sequence, Message message, int priority, long expiresAt) {
        this(sequence, message, priority, expiresAt, message.bodySize());
    }

    QueueEntry(long sequence, Message message, int priority, long expiresAt, int bodySize) {
        this.sequence = sequence;
        this.message = message;
        this.priority = priority;
        this.expiresAt = expiresAt;
        this.bodySize = bodySize;
    }

    /** The message; only null for an entry paged out while it waits in its queue. */
    public Message message() {
        return message;
    }

    public boolean redelivered() {
        return redelivered;
    }

    public long sequence() {
        return sequence;
    }

    boolean expiredAt(long now) {
        return expiresAt <= now;
    }
}
