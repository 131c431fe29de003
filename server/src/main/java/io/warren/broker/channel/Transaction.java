package io.warren.broker.channel;

import io.warren.codec.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel in transaction mode (tx.select): publishes and settlements are held until tx.commit
 * applies them, or tx.rollback discards them. Confined to the connection's thread.
 */
final class Transaction {
    private record Settle(long tag, boolean multiple, Settlement.Outcome outcome, Method cause) {}

    private final ArrayDeque<InboundMessage> publishes = new ArrayDeque<>();
    private final List<Settle> settles = new ArrayList<>();

    void publish(InboundMessage message) {
        publishes.add(message);
    }

    void settle(long tag, boolean multiple, Settlement.Outcome outcome, Method cause) {
        settles.add(new Settle(tag, multiple, outcome, cause));
    }

    void commit(Publisher publisher, ChannelConsumers consumers) {
        try {
            InboundMessage message;
            while ((message = publishes.pollFirst()) != null) publisher.publishCommitted(message); // each takes its body along
            for (Settle settle : settles) consumers.settle(settle.tag(), settle.multiple(), settle.outcome(), settle.cause());
        } finally {
            rollback();
        }
    }

    void rollback() {
        publishes.forEach(Publisher::discard);
        publishes.clear();
        settles.clear();
    }
}
