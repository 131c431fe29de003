package io.warren.broker.queue;

import java.util.List;
import java.util.Map;

/**
 * How a queue finds where its dead letters go: routing through its virtual host's exchanges.
 * Each queue has its own (routing reuses buffers), used only on the queue's thread.
 */
public interface DeadLetterRoute {
    /**
     * The queues a message published to {@code exchange} with these routing keys and headers
     * reaches, alternate exchanges and exchange-to-exchange bindings included; empty when the
     * exchange does not exist. The list is valid until the next call.
     */
    List<ClassicQueue> route(String exchange, List<String> routingKeys, Map<String, Object> headers);
}
