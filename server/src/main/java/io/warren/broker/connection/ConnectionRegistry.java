package io.warren.broker.connection;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The node's open AMQP connections, for shutdown and (later) management. Thread-safe. */
public final class ConnectionRegistry {
    private final Set<AmqpConnection> connections = ConcurrentHashMap.newKeySet();

    void add(AmqpConnection connection) {
        connections.add(connection);
    }

    void remove(AmqpConnection connection) {
        connections.remove(connection);
    }

    public List<AmqpConnection> snapshot() {
        return List.copyOf(connections);
    }

    public int size() {
        return connections.size();
    }
}
