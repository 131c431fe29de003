package io.warren.broker.channel;

import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.Consumer;
import io.warren.broker.queue.QueueEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the deliveries one ack, nack, reject or recover settles, grouped per queue, and
 * hands each queue its share in one task. Credit returned to consumers that were at their limit
 * wakes their queues.
 */
final class Settlement implements UnackedDeliveries.Sink {
    enum Outcome { ACK, REQUEUE, DISCARD }

    private final List<ClassicQueue> queues = new ArrayList<>(2);
    private final List<List<QueueEntry>> entries = new ArrayList<>(2);
    private final List<ClassicQueue> toWake = new ArrayList<>(2);

    @Override
    public void settled(ClassicQueue queue, Consumer consumer, QueueEntry entry) {
        int i = queues.indexOf(queue);
        if (i < 0) {
            queues.add(queue);
            entries.add(new ArrayList<>());
            i = queues.size() - 1;
        }
        entries.get(i).add(entry);
        if (consumer != null && consumer.onSettled() && !toWake.contains(queue)) toWake.add(queue);
    }

    boolean isEmpty() {
        return queues.isEmpty();
    }

    /** Sends every queue its entries; returns whether a consumer at its credit limit got credit back. */
    boolean apply(Outcome outcome) {
        for (int i = 0; i < queues.size(); i++) {
            ClassicQueue queue = queues.get(i);
            List<QueueEntry> list = entries.get(i);
            switch (outcome) {
                case REQUEUE -> queue.requeue(list);
                case DISCARD -> queue.discard(list);
                case ACK -> queue.settle(list);
            }
        }
        for (ClassicQueue queue : toWake) {
            if (outcome != Outcome.REQUEUE || !queues.contains(queue)) queue.creditReturned();
        }
        boolean freed = !toWake.isEmpty();
        queues.clear();
        entries.clear();
        toWake.clear();
        return freed;
    }
}
