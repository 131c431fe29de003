package io.warren.broker.queue;

import io.warren.broker.ProtocolException;
import io.warren.codec.ReplyCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A queue's consumers and which one gets the next delivery: the highest consumer priority among
 * those with credit, taking turns among equals; with single active consumer, only the first
 * registered, the others waiting in line. Owned by the queue's thread.
 */
final class QueueConsumers {
    private final List<Consumer> consumers = new ArrayList<>();
    private int roundRobin;

    boolean isEmpty() {
        return consumers.isEmpty();
    }

    int size() {
        return consumers.size();
    }

    /** The active consumer of a single-active-consumer queue (or the first of any), or null. */
    Consumer first() {
        return consumers.isEmpty() ? null : consumers.get(0);
    }

    /** Registers a consumer; 403 when the queue or the new consumer is exclusive. */
    void add(Consumer consumer, boolean singleActive, String queue, String vhost) {
        if (consumer.exclusive() ? !consumers.isEmpty() : consumers.stream().anyMatch(Consumer::exclusive)) {
            throw ProtocolException.of(ReplyCode.ACCESS_REFUSED,
                    "queue '" + queue + "' in vhost '" + vhost + "' in exclusive use", null);
        }
        if (singleActive) {
            consumers.add(consumer);
            return;
        }
        int at = 0;
        while (at < consumers.size() && consumers.get(at).priority() >= consumer.priority()) at++;
        consumers.add(at, consumer);
    }

    boolean remove(Consumer consumer) {
        return consumers.remove(consumer);
    }

    /** Takes every consumer out, returning them. */
    List<Consumer> removeAll() {
        List<Consumer> all = new ArrayList<>(consumers);
        consumers.clear();
        return all;
    }

    /** The consumer for the next delivery, or null when none has credit. */
    Consumer nextWithCredit(boolean singleActive) {
        if (singleActive) {
            Consumer active = consumers.get(0);
            return active.hasCredit() ? active : null;
        }
        int n = consumers.size();
        Consumer chosen = null;
        int chosenIndex = -1;
        for (int i = 0; i < n; i++) {
            int index = (roundRobin + i) % n;
            Consumer candidate = consumers.get(index);
            if (candidate.hasCredit() && (chosen == null || candidate.priority() > chosen.priority())) {
                chosen = candidate;
                chosenIndex = index;
            }
        }
        if (chosen != null) roundRobin = chosenIndex + 1;
        return chosen;
    }

    /** True when there are consumers and none of them can take deliveries now (their sockets are backed up). */
    boolean saturated() {
        if (consumers.isEmpty()) return false;
        for (Consumer consumer : consumers) if (consumer.target().accepting()) return false;
        return true;
    }
}
