package io.warren.broker.message;

import io.netty.buffer.ByteBuf;
import io.warren.codec.BasicProperties;
import io.warren.codec.LongString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.warren.store.MsgId;

/**
 * A published message as queues hold it: where it was published, its properties and its body.
 *
 * <p>Immutable apart from the body's reference count. The body is shared by every queue the
 * message was routed to: each holder owns one reference ({@link #retain} before handing it to
 * another holder, {@link #release} when done); nobody copies it.
 */
public final class Message {
    private final String exchange;
    private final String routingKey;
    private final BasicProperties properties;
    private final ByteBuf body;
    private final int bodySize;
    private final long ttl;
    private MsgId storeId;

    /** The properties' expiration, if any, must be valid ({@link Expiration#problem}). */
    public Message(String exchange, String routingKey, BasicProperties properties, ByteBuf body) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.properties = properties;
        this.body = body;
        this.bodySize = body.readableBytes();
        this.ttl = Expiration.millis(properties.expiration());
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }

    public BasicProperties properties() {
        return properties;
    }

    /** The body; callers that keep or send it must {@link #retain} first. */
    public ByteBuf body() {
        return body;
    }

    public int bodySize() {
        return bodySize;
    }

    /** The per-message TTL in milliseconds from the expiration property, or {@link Expiration#NONE}. */
    public long ttl() {
        return ttl;
    }

    /**
     * The keys the message was routed by: its publish routing key, then the keys of its {@code CC}
     * header ({@code BCC} is gone once routed). What dead-lettering records in {@code x-death} and
     * routes by, and what a delayed message is routed by when due.
     */
    public List<String> routingKeysWithCc() {
        Map<String, Object> headers = properties.headers();
        Object cc = headers == null ? null : headers.get("CC");
        if (!(cc instanceof List<?> list)) return List.of(routingKey);
        List<String> keys = new ArrayList<>(list.size() + 1);
        keys.add(routingKey);
        for (Object key : list) if (key instanceof LongString || key instanceof String) keys.add(key.toString());
        return keys;
    }

    /** The priority property, or 0. */
    public int priority() {
        Integer priority = properties.priority();
        return priority == null ? 0 : priority;
    }

    /**
     * The id the message is stored under in the durable message store, or null when it is not stored.
     * Set once, by the thread that routes it, before any queue sees the message.
     */
    public MsgId storeId() {
        return storeId;
    }

    public void storedAs(MsgId id) {
        storeId = id;
    }

    public boolean persistent() {
        return properties.persistent();
    }

    public Message retain() {
        body.retain();
        return this;
    }

    public void release() {
        body.release();
    }

    /** The same message with other properties (shares the body; retains nothing). */
    public Message withProperties(BasicProperties newProperties) {
        return new Message(exchange, routingKey, newProperties, body);
    }

    /** The same body and properties as if published anew to {@code newExchange} (shares the body; retains nothing). */
    public Message republished(String newExchange, String newRoutingKey, BasicProperties newProperties) {
        return new Message(newExchange, newRoutingKey, newProperties, body);
    }
}
