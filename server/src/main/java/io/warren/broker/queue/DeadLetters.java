package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.codec.BasicProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Republishes the messages a queue dead-letters (rejected without requeue, expired, dropped for
 * length) to its dead-letter exchange, as RabbitMQ's {@code rabbit_dead_letter} does: the
 * {@code x-death} history updated ({@link DeathHistory}), the {@code expiration} property removed
 * (kept as {@code original-expiration}), routed with the dead-letter routing key if one is set
 * (and then without {@code CC}) or else the message's own keys. A missing exchange drops the
 * message silently; a queue that would close an automatic cycle does not get it. Used on the
 * queue's thread only.
 */
final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final String queueName;
    private final DeadLetterRoute route;
    private final QueueDelivery delivery;
    private final List<ClassicQueue> targets = new ArrayList<>();
    private boolean cycleLogged;

    DeadLetters(String queueName, DeadLetterRoute route, QueueDelivery delivery) {
        this.queueName = queueName;
        this.route = route;
        this.delivery = delivery;
    }

    /** Dead-letters {@code message} for {@code reason}; takes over one reference to its body. */
    void publish(Message message, String reason, QueueSettings settings) {
        String exchange = settings.deadLetterExchange();
        if (exchange == null) {
            message.release();
            return;
        }
        BasicProperties properties = message.properties();
        List<String> keys = message.routingKeysWithCc();
        Map<String, Object> headers = DeathHistory.record(properties.headers(), new DeathHistory.Death(reason, queueName,
                System.currentTimeMillis() / 1000, message.exchange(), keys, properties.expiration()));
        String routingKey = settings.deadLetterRoutingKey();
        if (routingKey != null) {
            headers.remove("CC");
            keys = List.of(routingKey);
        }
        Message dead = message.republished(exchange, keys.get(0), properties.withHeaders(headers).withExpiration(null));
        targets.clear();
        for (ClassicQueue target : route.route(exchange, keys, headers)) {
            if (DeathHistory.isAutomaticCycle(headers, target.name())) logCycleOnce(target.name());
            else targets.add(target);
        }
        if (targets.isEmpty()) dead.release();
        else delivery.deliver(dead, targets, null);
    }

    private void logCycleOnce(String target) {
        if (cycleLogged) return;
        cycleLogged = true;
        log.warn("Message dropped in queue '{}': dead-lettering to queue '{}' would close an automatic cycle", queueName, target);
    }
}
