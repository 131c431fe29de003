package io.warren.broker.queue;

import io.warren.broker.message.Expiration;
import io.warren.broker.message.Message;
import io.warren.broker.vhost.FieldTypeNames;
import io.warren.codec.LongString;
import java.util.Map;

/**
 * What a queue's behaviour depends on, resolved from its declare arguments and the policy that
 * applies to it, by RabbitMQ's rules: for {@code message-ttl}, {@code expires}, {@code max-length}
 * and {@code max-length-bytes} the lower value wins; for the dead-letter exchange and routing key,
 * {@code overflow} and {@code queue-mode} the argument wins over the policy. Priorities and single
 * active consumer come from arguments only. Immutable; a policy change makes a new one.
 *
 * @param messageTtl      milliseconds a message may wait, or {@link #NONE}
 * @param expires         milliseconds the queue may stay unused, or {@link #NONE}
 * @param maxLength       ready messages, or {@link #NONE}
 * @param maxLengthBytes  ready body bytes, or {@link #NONE}
 * @param maxPriority     highest priority, or -1 for a queue without priorities
 * @param policy          the name of the policy applied, or null
 */
public record QueueSettings(long messageTtl, long expires, String deadLetterExchange, String deadLetterRoutingKey,
                            long maxLength, long maxLengthBytes, Overflow overflow, int maxPriority,
                            boolean singleActiveConsumer, String queueMode, String policy) {
    public static final long NONE = -1;
    public static final QueueSettings DEFAULTS =
            new QueueSettings(NONE, NONE, null, null, NONE, NONE, Overflow.DROP_HEAD, -1, false, "default", null);

    /**
     * Resolves a queue's settings.
     *
     * @param arguments  the queue's (validated) declare arguments
     * @param policyName the applying policy's name, or null
     * @param definition the applying policy's definition (policy keys without {@code x-}), empty for none
     */
    public static QueueSettings resolve(Map<String, Object> arguments, String policyName, Map<String, Object> definition) {
        Object dlx = argumentOrPolicy(arguments, "x-dead-letter-exchange", definition, "dead-letter-exchange");
        Object dlrk = argumentOrPolicy(arguments, "x-dead-letter-routing-key", definition, "dead-letter-routing-key");
        Object overflow = argumentOrPolicy(arguments, "x-overflow", definition, "overflow");
        Object mode = argumentOrPolicy(arguments, "x-queue-mode", definition, "queue-mode");
        Long maxPriority = FieldTypeNames.integer(arguments.get("x-max-priority"));
        return new QueueSettings(
                lower(arguments.get("x-message-ttl"), definition.get("message-ttl")),
                lower(arguments.get("x-expires"), definition.get("expires")),
                dlx == null ? null : dlx.toString(),
                dlrk == null ? null : dlrk.toString(),
                lower(arguments.get("x-max-length"), definition.get("max-length")),
                lower(arguments.get("x-max-length-bytes"), definition.get("max-length-bytes")),
                overflow == null ? Overflow.DROP_HEAD : orDefault(Overflow.parse(overflow.toString())),
                maxPriority == null ? -1 : (int) Math.min(255, maxPriority),
                Boolean.TRUE.equals(arguments.get("x-single-active-consumer")),
                mode == null ? "default" : mode.toString(),
                policyName);
    }

    /** A message's priority in this queue: 0 without priorities, else its priority clamped to the maximum. */
    public int priorityOf(Message message) {
        return maxPriority < 0 ? 0 : Math.min(message.priority(), maxPriority);
    }

    /**
     * When a message that entered the queue at {@code enqueuedAt} (epoch ms) expires: after the lower
     * of the queue's and the message's TTL, or {@link Long#MAX_VALUE} for never.
     */
    public long expiresAt(Message message, long enqueuedAt) {
        long ttl = messageTtl;
        long ownTtl = message.ttl();
        if (ownTtl != Expiration.NONE && (ttl == NONE || ownTtl < ttl)) ttl = ownTtl;
        return ttl == NONE ? Long.MAX_VALUE : enqueuedAt + ttl;
    }

    public boolean hasLengthLimit() {
        return maxLength != NONE || maxLengthBytes != NONE;
    }

    public boolean rejectsWhenFull() {
        return hasLengthLimit() && overflow != Overflow.DROP_HEAD;
    }

    private static Overflow orDefault(Overflow overflow) {
        return overflow == null ? Overflow.DROP_HEAD : overflow;
    }

    private static Object argumentOrPolicy(Map<String, Object> arguments, String argument, Map<String, Object> definition,
                                           String key) {
        Object value = arguments.get(argument);
        if (value instanceof LongString || value instanceof String) return value;
        Object fromPolicy = definition.get(key);
        return fromPolicy instanceof LongString || fromPolicy instanceof String ? fromPolicy : null;
    }

    private static long lower(Object argument, Object fromPolicy) {
        Long a = integer(argument);
        Long p = integer(fromPolicy);
        if (a == null) return p == null ? NONE : p;
        return p == null ? a : Math.min(a, p);
    }

    private static Long integer(Object value) {
        Long integer = FieldTypeNames.integer(value);
        return integer == null || integer < 0 ? null : integer;
    }
}
