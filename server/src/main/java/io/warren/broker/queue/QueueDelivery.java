package io.warren.broker.queue;

import io.warren.broker.durable.Persistence;
import io.warren.broker.message.Message;
import java.util.List;

/**
 * Hands a routed message to its queues: admission first (queues full under reject-publish refuse
 * it), then, for a persistent message reaching durable queues, one write to the message store for
 * all of them and a journal entry per queue, then the enqueue itself. The message's one reference
 * is shared out, one per queue. Used by publishers, dead-lettering and delayed delivery; each
 * instance by one thread at a time.
 */
public final class QueueDelivery {
    /** Told about a queue that wants its publisher to pause. */
    public interface Backpressure {
        void pause(ClassicQueue queue);
    }

    private final Persistence persistence;
    private final boolean deferred;
    private final boolean[] admitted = new boolean[64];
    private boolean refused;
    private boolean stored;

    /** @param persistence the node's storage, or null (then nothing is stored) */
    public QueueDelivery(Persistence persistence) {
        this(persistence, false);
    }

    /**
     * @param deferred true to always post to the queues' inboxes, never enqueue inline: for deliveries
     *                 made from a queue's own thread (dead-lettering), which must not re-enter a queue
     */
    QueueDelivery(Persistence persistence, boolean deferred) {
        this.persistence = persistence;
        this.deferred = deferred;
    }

    /**
     * Delivers {@code message} (owning one reference to its body) to {@code queues}, which must not be
     * empty. Afterwards {@link #refused()} and {@link #stored()} describe what happened.
     */
    public void deliver(Message message, List<ClassicQueue> queues, Backpressure backpressure) {
        refused = false;
        stored = false;
        int n = queues.size();
        boolean[] accepted = n <= admitted.length ? admitted : new boolean[n];
        int durable = 0;
        for (int i = 0; i < n; i++) {
            ClassicQueue queue = queues.get(i);
            accepted[i] = queue.admit(message);
            if (!accepted[i]) refused = true;
            else if (queue.journal() != null && message.persistent() && persistence != null) durable++;
        }
        for (int i = 1; i < n; i++) message.retain();
        if (durable > 0) {
            persistence.store(message, durable);
            stored = true;
        }
        for (int i = 0; i < n; i++) {
            ClassicQueue queue = queues.get(i);
            if (!accepted[i]) {
                queue.refuse(message);
                continue;
            }
            long position = stored && queue.journal() != null ? queue.journal().publish(message.storeId()) : -1;
            boolean keepGoing;
            if (deferred) {
                queue.enqueueDeferred(message, position);
                keepGoing = true;
            } else {
                keepGoing = position >= 0 ? queue.enqueueStored(message, position) : queue.enqueue(message);
            }
            if (!keepGoing && backpressure != null) backpressure.pause(queue);
        }
    }

    /** Whether a queue refused the last message (it is nacked under confirms). */
    public boolean refused() {
        return refused;
    }

    /** Whether the last message went to the message store (its confirm waits for the group commit). */
    public boolean stored() {
        return stored;
    }
}
