package io.warren.management.api;

import io.warren.codec.LongString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMQP field tables from the API's JSON: strings become long strings, as they arrive from AMQP
 * clients (the headers exchange reads {@code x-match} only as a long string), numbers, booleans,
 * lists and nested objects keep their types.
 */
final class Tables {
    private Tables() {}

    static Map<String, Object> fromJson(Map<String, Object> json) {
        Map<String, Object> table = new LinkedHashMap<>();
        if (json != null) json.forEach((key, value) -> table.put(key, value(value)));
        return table;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value) {
        if (value instanceof String s) return LongString.of(s);
        if (value instanceof Map<?, ?> map) return fromJson((Map<String, Object>) map);
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) out.add(value(item));
            return out;
        }
        return value;
    }
}
