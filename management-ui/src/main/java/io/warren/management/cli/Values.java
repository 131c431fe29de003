package io.warren.management.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Values in rabbitmqctl's table form: booleans as {@code true}/{@code false}, absent values empty,
 * tags as {@code [administrator]}, arguments tables as {@code [{"x-max-length",10}]}, policy
 * definitions and other objects as JSON.
 */
final class Values {
    private Values() {}

    static String text(Object value) {
        if (value == null) return "";
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return String.valueOf(d.longValue());
        if (value instanceof List<?> list) return "[" + list.stream().map(Values::text).collect(Collectors.joining(", ")) + "]";
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) return "[]";
            if (map.values().stream().allMatch(v -> !(v instanceof Map) && !(v instanceof List))) {
                return "[" + map.entrySet().stream().map(e -> "{\"" + e.getKey() + "\"," + erlang(e.getValue()) + "}")
                        .collect(Collectors.joining(",")) + "]";
            }
            return Output.write(map);
        }
        return String.valueOf(value);
    }

    /** A scalar as rabbitmqctl prints it inside an arguments table. */
    private static String erlang(Object value) {
        if (value instanceof String s) return "\"" + s + "\"";
        return String.valueOf(value);
    }
}
