package io.warren.broker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation of a policy's definition with RabbitMQ's messages ({@code rabbit_policies}): the keys
 * Warren applies and what each accepts. Keys RabbitMQ knows for features Warren does not have
 * (mirroring, federation, ...) are refused as unknown rather than silently ignored.
 */
final class PolicyDefinition {
    static final Set<String> QUEUE_KEYS = Set.of("message-ttl", "expires", "dead-letter-exchange",
            "dead-letter-routing-key", "max-length", "max-length-bytes", "overflow", "queue-mode");
    static final Set<String> EXCHANGE_KEYS = Set.of("alternate-exchange");

    private PolicyDefinition() {}

    /** The problems of a definition, empty when it is valid. */
    static List<String> problems(Map<String, Object> definition) {
        List<String> problems = new ArrayList<>();
        if (definition.isEmpty()) problems.add("no policy provided");
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Object> setting : definition.entrySet()) {
            String key = setting.getKey();
            if (!QUEUE_KEYS.contains(key) && !EXCHANGE_KEYS.contains(key)) {
                unknown.add("<<\"" + key + "\">>");
                continue;
            }
            String problem = problem(key, setting.getValue());
            if (problem != null) problems.add(problem);
        }
        if (!unknown.isEmpty()) problems.add(unknown + " are not recognised policy settings");
        return problems;
    }

    private static String problem(String key, Object value) {
        return switch (key) {
            case "message-ttl" -> integerAtLeast(value, 0) ? null : render(value) + " is not a valid message TTL";
            case "expires" -> integerAtLeast(value, 1) ? null : render(value) + " is not a valid queue expiry";
            case "max-length" -> integerAtLeast(value, 0) ? null : render(value) + " is not a valid maximum length";
            case "max-length-bytes" -> integerAtLeast(value, 0) ? null : render(value) + " is not a valid maximum length in bytes";
            case "dead-letter-exchange" -> value instanceof String ? null : render(value) + " is not a valid dead letter exchange";
            case "dead-letter-routing-key" -> value instanceof String ? null : render(value) + " is not a valid dead letter routing key";
            case "alternate-exchange" -> value instanceof String ? null : render(value) + " is not a valid alternate exchange name";
            case "overflow" -> value instanceof String s && Set.of("drop-head", "reject-publish", "reject-publish-dlx").contains(s)
                    ? null : render(value) + " is not a valid overflow value";
            case "queue-mode" -> value instanceof String s && Set.of("default", "lazy").contains(s)
                    ? null : render(value) + " is not a valid queue-mode value";
            default -> null;
        };
    }

    private static boolean integerAtLeast(Object value, long minimum) {
        return (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)
                && ((Number) value).longValue() >= minimum;
    }

    private static String render(Object value) {
        return value instanceof String s ? "<<\"" + s + "\">>" : String.valueOf(value);
    }
}
