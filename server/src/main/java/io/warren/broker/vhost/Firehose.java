package io.warren.broker.vhost;

import io.warren.broker.message.Message;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueDelivery;
import io.warren.codec.BasicProperties;
import io.warren.codec.LongString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ's firehose ({@code rabbitmqctl trace_on}): while on, a copy of every message published
 * in the vhost goes to {@code amq.rabbitmq.trace} with routing key {@code publish.<exchange>}, and
 * of every delivery with {@code deliver.<queue>}, carrying RabbitMQ's trace headers
 * ({@code exchange_name}, {@code routing_keys}, {@code properties}, {@code node}, and
 * {@code vhost}, {@code connection}, {@code channel}, {@code user}, {@code routed_queues} or
 * {@code redelivered}). The copy shares the body. Off by default; then it costs one volatile read
 * per message. Each channel uses its own {@link Tracer}.
 */
public final class Firehose {
    static final String EXCHANGE = "amq.rabbitmq.trace";

    private final VirtualHost vhost;
    private volatile boolean on;

    Firehose(VirtualHost vhost) {
        this.vhost = vhost;
    }

    public boolean on() {
        return on;
    }

    public void on(boolean tracing) {
        on = tracing;
    }

    /** A tracer for one channel, used on its connection's thread only. */
    public Tracer tracer(String node, String connection, int channel, String user) {
        return new Tracer(node, connection, channel, user);
    }

    /** Publishes the trace copies of one channel's messages. */
    public final class Tracer {
        private final String node;
        private final String connection;
        private final int channel;
        private final String user;
        private final Router router = new Router();
        private final QueueDelivery delivery = new QueueDelivery(null);

        private Tracer(String node, String connection, int channel, String user) {
            this.node = node;
            this.connection = connection;
            this.channel = channel;
            this.user = user;
        }

        /** A message was published and routed to {@code routed}. */
        public void published(Message message, List<String> routingKeys, List<ClassicQueue> routed) {
            Map<String, Object> headers = common(message, routingKeys);
            List<Object> queues = new ArrayList<>(routed.size());
            for (ClassicQueue queue : routed) queues.add(LongString.of(queue.name()));
            headers.put("routed_queues", queues);
            send("publish." + message.exchange(), message, headers);
        }

        /** A message was delivered from {@code queue} (basic.deliver or basic.get-ok). */
        public void delivered(Message message, String queue, boolean redelivered) {
            Map<String, Object> headers = common(message, List.of(message.routingKey()));
            headers.put("redelivered", redelivered ? 1 : 0);
            send("deliver." + queue, message, headers);
        }

        private Map<String, Object> common(Message message, List<String> routingKeys) {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("exchange_name", LongString.of(message.exchange()));
            List<Object> keys = new ArrayList<>(routingKeys.size());
            for (String key : routingKeys) keys.add(LongString.of(key));
            headers.put("routing_keys", keys);
            headers.put("properties", propertiesTable(message.properties()));
            headers.put("node", LongString.of(node));
            headers.put("vhost", LongString.of(vhost.name()));
            headers.put("connection", LongString.of(connection));
            headers.put("channel", channel);
            headers.put("user", LongString.of(user));
            return headers;
        }

        private void send(String routingKey, Message message, Map<String, Object> headers) {
            Exchange trace = vhost.exchangeOrNull(EXCHANGE);
            if (trace == null) return;
            List<ClassicQueue> queues = router.route(vhost, trace, List.of(routingKey), headers);
            if (queues.isEmpty()) return;
            BasicProperties properties = BasicProperties.EMPTY.withHeaders(headers);
            delivery.deliver(new Message(EXCHANGE, routingKey, properties, message.body().retainedSlice()), queues, null);
        }
    }

    /** The message's properties as RabbitMQ's trace {@code properties} table: present ones only, AMQP names. */
    private static Map<String, Object> propertiesTable(BasicProperties p) {
        Map<String, Object> table = new LinkedHashMap<>();
        put(table, "content_type", p.contentType());
        put(table, "content_encoding", p.contentEncoding());
        if (p.headers() != null) table.put("headers", p.headers());
        if (p.deliveryMode() != null) table.put("delivery_mode", p.deliveryMode());
        if (p.priority() != null) table.put("priority", p.priority());
        put(table, "correlation_id", p.correlationId());
        put(table, "reply_to", p.replyTo());
        put(table, "expiration", p.expiration());
        put(table, "message_id", p.messageId());
        if (p.timestamp() != null) table.put("timestamp", p.timestamp());
        put(table, "type", p.type());
        put(table, "user_id", p.userId());
        put(table, "app_id", p.appId());
        put(table, "cluster_id", p.clusterId());
        return table;
    }

    private static void put(Map<String, Object> table, String key, String value) {
        if (value != null) table.put(key, LongString.of(value));
    }
}
