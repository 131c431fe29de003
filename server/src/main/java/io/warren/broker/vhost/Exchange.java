package io.warren.broker.vhost;

import io.warren.broker.stats.ExchangeStats;
import io.warren.broker.policy.Policy;
import io.warren.codec.LongString;
import io.warren.routing.ExchangeType;
import java.util.Map;

/**
 * A declared exchange: its properties and its bindings. Destinations are queues
 * ({@link io.warren.broker.queue.ClassicQueue}) or other exchanges. Thread-safe: the properties
 * are immutable and the bindings ({@link ExchangeType}) route lock-free while changes are serialized.
 */
public final class Exchange {
    private final String name;
    private final String type;
    private final boolean durable;
    private final boolean autoDelete;
    private final boolean internal;
    private final Map<String, Object> arguments;
    private final ExchangeType<Object> bindings;
    private volatile Policy policy;
    private final ExchangeStats stats = new ExchangeStats();
    private DelayedMessages delayed;

    Exchange(String name, String type, boolean durable, boolean autoDelete, boolean internal,
             Map<String, Object> arguments, ExchangeType<Object> bindings) {
        this.name = name;
        this.type = type;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.internal = internal;
        this.arguments = arguments;
        this.bindings = bindings;
    }

    public String name() { return name; }
    public String type() { return type; }
    public boolean durable() { return durable; }
    public boolean autoDelete() { return autoDelete; }
    public boolean internal() { return internal; }
    public Map<String, Object> arguments() { return arguments; }
    public ExchangeType<Object> bindings() { return bindings; }
    /** Messages published into and routed out of this exchange (management API). */
    public ExchangeStats stats() { return stats; }

    /** The alternate exchange: the {@code alternate-exchange} argument, else the policy's, else null. */
    public String alternateExchange() {
        Object ae = arguments.get("alternate-exchange");
        if (ae instanceof LongString || ae instanceof String) return ae.toString();
        Policy applied = policy;
        Object fromPolicy = applied == null ? null : applied.definition().get("alternate-exchange");
        return fromPolicy instanceof String name ? name : null;
    }

    /** The messages this {@code x-delayed-message} exchange holds, or null for other types. */
    public DelayedMessages delayed() {
        return delayed;
    }

    void holdDelayedMessages(DelayedMessages messages) {
        delayed = messages;
    }

    /** The policy that applies to this exchange, or null. */
    public Policy policy() {
        return policy;
    }

    void applyPolicy(Policy newPolicy) {
        policy = newPolicy;
    }

    public boolean isDefault() {
        return name.isEmpty();
    }

    @Override
    public String toString() {
        return "exchange '" + name + "'";
    }
}
