package io.warren.broker.queue;

import io.warren.broker.message.Message;

/**
 * A message's place in one queue: its position ({@code sequence}, increasing in enqueue order)
 * and whether it has been delivered before. Owned by the queue's thread; a channel holds it
 * while it is unacknowledged and hands it back to the queue to settle.
 */
public final class QueueEntry {
    final long sequence;
    final Message message;
    boolean redelivered;

    QueueEntry(long sequence, Message message) {
        this.sequence = sequence;
        this.message = message;
    }

    public Message message() {
        return message;
    }

    public boolean redelivered() {
        return redelivered;
    }

    public long sequence() {
        return sequence;
    }
}
