package io.warren.broker.policy;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A policy of one virtual host: settings ({@code definition}) applied to the queues and/or
 * exchanges whose names match {@code pattern} (a regular expression found anywhere in the name,
 * as RabbitMQ matches). Of the policies matching an object, the one with the highest priority
 * applies. Immutable; build one with {@link Policies#validate}.
 */
public record Policy(String vhost, String name, String pattern, ApplyTo applyTo, int priority,
                     Map<String, Object> definition, Pattern compiled) {

    /** Which objects a policy applies to ({@code apply-to}). */
    public enum ApplyTo {
        QUEUES("queues"), EXCHANGES("exchanges"), ALL("all");

        private final String text;

        ApplyTo(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static ApplyTo parse(String text) {
            for (ApplyTo value : values()) if (value.text.equals(text)) return value;
            return null;
        }
    }

    public Policy {
        definition = Map.copyOf(definition);
    }

    public boolean appliesToQueue(String queueName) {
        return applyTo != ApplyTo.EXCHANGES && compiled.matcher(queueName).find();
    }

    public boolean appliesToExchange(String exchangeName) {
        return applyTo != ApplyTo.QUEUES && compiled.matcher(exchangeName).find();
    }
}
