package io.warren.broker.durable;

import io.warren.store.MessageStore;
import io.warren.store.MsgId;
import io.warren.store.QueueIndex;

/**
 * What a durable queue records about its persistent messages: each one's position in the queue
 * index (published from the publishing thread, so its confirm can wait for the group commit), its
 * first delivery, and its end (ack, reject, expiry, drop), which also releases the queue's
 * reference in the message store. After {@link #delete} only the message-store references are
 * released. Called on the queue's thread, except {@link #publish}.
 */
public final class QueueJournal {
    private final QueueIndex index;
    private final MessageStore store;
    private volatile boolean deleted;

    QueueJournal(QueueIndex index, MessageStore store) {
        this.index = index;
        this.store = store;
    }

    /** Records a message stored under {@code id}; returns its index position. Any thread. */
    public long publish(MsgId id) {
        return index.publish(id, null);
    }

    public void delivered(long position) {
        if (!deleted) index.delivered(position);
    }

    /** The message at {@code position} left the queue for good. */
    public void ended(long position, MsgId id) {
        if (!deleted) index.acked(position);
        store.release(id);
    }

    public MessageStore store() {
        return store;
    }

    public QueueIndex index() {
        return index;
    }

    /** The queue is deleted: its index goes; references still held are released as their entries end. */
    public void delete() {
        deleted = true;
        index.delete();
    }
}
