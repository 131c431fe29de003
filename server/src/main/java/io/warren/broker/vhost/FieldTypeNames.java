package io.warren.broker.vhost;

import io.warren.codec.FieldValues;
import io.warren.codec.LongString;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** RabbitMQ's names of AMQP field types ({@code signedint}, {@code longstr}, ...), used in its error texts. */
public final class FieldTypeNames {
    private FieldTypeNames() {}

    public static String of(Object value) {
        if (value == null) return "void";
        if (value instanceof Integer) return "signedint";
        if (value instanceof Long) return "long";
        if (value instanceof Short) return "short";
        if (value instanceof Byte) return "byte";
        if (value instanceof FieldValues.UnsignedByte) return "unsignedbyte";
        if (value instanceof FieldValues.UnsignedShort) return "unsignedshort";
        if (value instanceof FieldValues.UnsignedInt) return "unsignedint";
        if (value instanceof LongString || value instanceof String) return "longstr";
        if (value instanceof Boolean) return "bool";
        if (value instanceof Float) return "float";
        if (value instanceof Double) return "double";
        if (value instanceof BigDecimal) return "decimal";
        if (value instanceof Instant) return "timestamp";
        if (value instanceof Map) return "table";
        if (value instanceof List) return "array";
        if (value instanceof FieldValues.ByteArray) return "binary";
        return value.getClass().getSimpleName();
    }

    /** The integer value of any AMQP integer type, or null for other types. */
    public static Long integer(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof FieldValues.UnsignedByte b) return (long) b.value();
        if (value instanceof FieldValues.UnsignedShort s) return (long) s.value();
        if (value instanceof FieldValues.UnsignedInt i) return i.value();
        return null;
    }

    /** How RabbitMQ prints a value inside quotes: strings as text, numbers and booleans as they are. */
    static String render(Object value) {
        Long integer = integer(value);
        return integer != null ? integer.toString() : String.valueOf(value);
    }

    /** Equal as RabbitMQ's equivalence check sees it: same type class and same value. */
    static boolean equivalent(Object a, Object b) {
        Long ia = integer(a);
        Long ib = integer(b);
        if (ia != null || ib != null) return ia != null && ia.equals(ib);
        if (a instanceof CharSequence || a instanceof LongString) {
            return (b instanceof CharSequence || b instanceof LongString) && a.toString().equals(b.toString());
        }
        return java.util.Objects.equals(a, b);
    }
}
