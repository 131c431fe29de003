package io.warren.broker.definitions;

import io.warren.codec.FieldValues;
import io.warren.codec.LongString;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMQP field values (queue and exchange arguments, binding arguments) to and from the plain
 * values of RabbitMQ's definitions JSON: strings, numbers, booleans, lists and objects.
 */
public final class FieldValuesJson {
    private FieldValuesJson() {}

    /** A JSON-friendly copy of an AMQP table. */
    public static Map<String, Object> toJson(Map<String, Object> table) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (table != null) table.forEach((k, v) -> json.put(k, value(v)));
        return json;
    }

    /** An AMQP table from JSON values: strings become {@link LongString}s, as AMQP clients send them. */
    public static Map<String, Object> fromJson(Map<String, Object> json) {
        Map<String, Object> table = new LinkedHashMap<>();
        if (json != null) json.forEach((k, v) -> table.put(k, fromValue(v)));
        return table;
    }

    private static Object value(Object v) {
        if (v instanceof LongString s) return s.toString();
        if (v instanceof FieldValues.UnsignedByte b) return b.value();
        if (v instanceof FieldValues.UnsignedShort s) return s.value();
        if (v instanceof FieldValues.UnsignedInt i) return i.value();
        if (v instanceof FieldValues.ByteArray b) return java.util.Base64.getEncoder().encodeToString(b.bytes());
        if (v instanceof Instant t) return t.getEpochSecond();
        if (v instanceof BigDecimal d) return d;
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> nested = new LinkedHashMap<>();
            m.forEach((k, x) -> nested.put(k.toString(), value(x)));
            return nested;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) out.add(value(x));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Object fromValue(Object v) {
        if (v instanceof String s) return LongString.of(s); // as AMQP clients send them: x-match is read only as a long string
        if (v instanceof Map<?, ?> m) return fromJson((Map<String, Object>) m);
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) out.add(fromValue(x));
            return out;
        }
        return v;
    }
}
