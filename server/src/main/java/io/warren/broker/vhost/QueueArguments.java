package io.warren.broker.vhost;

import io.warren.broker.ProtocolException;
import io.warren.codec.LongString;
import io.warren.codec.Method;
import io.warren.codec.ReplyCode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation of queue.declare arguments with RabbitMQ's texts, and the arguments whose values
 * must match on redeclaration (RabbitMQ's {@code declare_args}). Arguments Warren does not know
 * are kept and ignored, as RabbitMQ does.
 */
final class QueueArguments {
    /** Arguments compared on redeclaration. */
    static final List<String> EQUIVALENCE_KEYS = List.of("x-expires", "x-message-ttl", "x-dead-letter-exchange",
            "x-dead-letter-routing-key", "x-max-length", "x-max-length-bytes", "x-max-in-memory-length",
            "x-max-in-memory-bytes", "x-max-priority", "x-overflow", "x-queue-mode", "x-single-active-consumer",
            "x-queue-type");

    private static final Set<String> OVERFLOW_MODES = Set.of("drop-head", "reject-publish", "reject-publish-dlx");

    private QueueArguments() {}

    /** The arguments with what an absent one means filled in: no {@code x-queue-type} is a classic queue. */
    static Map<String, Object> withDefaults(Map<String, Object> arguments) {
        if (arguments.containsKey("x-queue-type")) return arguments;
        Map<String, Object> filled = new java.util.LinkedHashMap<>(arguments);
        filled.put("x-queue-type", LongString.of("classic"));
        return filled;
    }

    static void validate(Map<String, Object> arguments, String resource, Method cause) {
        if (arguments.containsKey("x-dead-letter-routing-key") && !arguments.containsKey("x-dead-letter-exchange")) {
            throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "invalid arg 'x-dead-letter-routing-key' for "
                    + resource + ": routing_key_but_no_dlx_defined", cause);
        }
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
            String problem = problem(argument.getKey(), argument.getValue());
            if (problem != null) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED,
                        "invalid arg '" + argument.getKey() + "' for " + resource + ": " + problem, cause);
            }
            if (isStringArgument(argument.getKey()) && !isString(argument.getValue())) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "invalid type '" + FieldTypeNames.of(argument.getValue())
                        + "' for arg '" + argument.getKey() + "' in " + resource, cause);
            }
        }
    }

    private static String problem(String key, Object value) {
        switch (key) {
            case "x-message-ttl":
            case "x-max-length":
            case "x-max-length-bytes":
                return nonNegativeInteger(value);
            case "x-expires": {
                String p = nonNegativeInteger(value);
                return p != null ? p : FieldTypeNames.integer(value) == 0 ? "{value_zero,0}" : null;
            }
            case "x-max-priority": {
                String p = nonNegativeInteger(value);
                if (p != null) return p;
                long priority = FieldTypeNames.integer(value);
                return priority > 255 ? "{max_value_exceeded," + priority + "}" : null;
            }
            case "x-overflow":
                if (!isString(value)) return "{unacceptable_type," + FieldTypeNames.of(value) + "}";
                return OVERFLOW_MODES.contains(value.toString()) ? null : "invalid_overflow";
            case "x-single-active-consumer":
                return value instanceof Boolean ? null : "{unacceptable_type," + FieldTypeNames.of(value) + "}";
            case "x-queue-type":
                if (!isString(value)) return "{unacceptable_type," + FieldTypeNames.of(value) + "}";
                return value.toString().equals("classic") ? null : "\"unsupported queue type '" + value + "'\"";
            case "x-queue-mode":
                if (!isString(value)) return "{unacceptable_type," + FieldTypeNames.of(value) + "}";
                return Set.of("default", "lazy").contains(value.toString()) ? null : "\"unsupported queue mode '" + value + "'\"";
            default:
                return null;
        }
    }

    private static String nonNegativeInteger(Object value) {
        Long integer = FieldTypeNames.integer(value);
        if (integer == null) return "\"expected integer, got " + FieldTypeNames.of(value) + "\"";
        return integer < 0 ? "{value_negative," + integer + "}" : null;
    }

    private static boolean isStringArgument(String key) {
        return key.equals("x-dead-letter-exchange") || key.equals("x-dead-letter-routing-key");
    }

    private static boolean isString(Object value) {
        return value instanceof LongString || value instanceof String;
    }
}
