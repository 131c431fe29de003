package io.warren.routing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How RabbitMQ compares and prints AMQP field-table values, for the headers exchange.
 *
 * <p>Equality is Erlang's {@code ==} on the decoded values: numbers compare by exact numeric value
 * whatever their width or whether they are integers or floats ({@code 1 == 1L == 1.0}); a 32-bit
 * float is widened exactly, so {@code 0.1f != 0.1}. AMQP decimals ({@link BigDecimal}) are
 * {@code {Scale, Value}} pairs in Erlang: equal only to a decimal of the same scale and unscaled value,
 * never to another number. Byte arrays compare by content; anything else with {@code equals}.
 */
final class FieldValues {

    private FieldValues() {}

    static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return numbersEqual(x, y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    private static boolean numbersEqual(Number x, Number y) {
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            return x.equals(y);
        }
        boolean xFloat = x instanceof Double || x instanceof Float;
        boolean yFloat = y instanceof Double || y instanceof Float;
        if (xFloat && yFloat) {
            return x.doubleValue() == y.doubleValue();
        }
        if (xFloat || yFloat) {
            double d = (xFloat ? x : y).doubleValue();
            Number integer = xFloat ? y : x;
            return Double.isFinite(d) && d == Math.rint(d) && isIntegral(integer)
                    && new BigDecimal(d).toBigIntegerExact().equals(toBigInteger(integer));
        }
        if (isIntegral(x) && isIntegral(y)) {
            return toBigInteger(x).equals(toBigInteger(y));
        }
        return x.equals(y);
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
    }

    private static BigInteger toBigInteger(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    /**
     * The AMQP field type RabbitMQ names a value by in error texts ({@code signedint}, {@code bool},
     * ...), as far as it can be told from the Java type the codec decodes it to.
     */
    static String typeName(Object value) {
        if (value == null) return "void";
        if (value instanceof CharSequence) return "longstr";
        if (value instanceof Integer) return "signedint";
        if (value instanceof Long || value instanceof BigInteger) return "long";
        if (value instanceof Short) return "short";
        if (value instanceof Byte) return "byte";
        if (value instanceof Double) return "double";
        if (value instanceof Float) return "float";
        if (value instanceof Boolean) return "bool";
        if (value instanceof BigDecimal) return "decimal";
        if (value instanceof Map) return "table";
        if (value instanceof List) return "array";
        if (value instanceof byte[]) return "binary";
        if (value instanceof java.util.Date || value instanceof java.time.Instant) return "timestamp";
        return value.getClass().getSimpleName(); // not an AMQP type: says what was passed instead
    }

    /** A value as Erlang's {@code ~p} prints it, for the scalar types; a best effort otherwise. */
    static String erlangTerm(Object value) {
        if (value == null) return "undefined";
        if (value instanceof byte[] bytes) return erlangBinary(bytes);
        if (value instanceof CharSequence s) return erlangBinary(s.toString().getBytes(StandardCharsets.UTF_8));
        if (value instanceof BigDecimal d) return "{" + d.scale() + "," + d.unscaledValue() + "}";
        if (value instanceof Double || value instanceof Float) return Double.toString(((Number) value).doubleValue()).replace('E', 'e');
        return value.toString();
    }

    /**
     * A binary as {@code ~p} prints it (RabbitMQ 3.10, Latin-1 printable range): {@code <<"foo">>}
     * when every byte is printable, else the byte values, {@code <<1,2,3>>}.
     */
    static String erlangBinary(byte[] bytes) {
        StringBuilder text = new StringBuilder("<<\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case 0x0b -> "\\v";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case 0x1b -> "\\e";
                default -> null;
            };
            if (escape != null) {
                text.append(escape);
            } else if ((c >= 0x20 && c < 0x7f) || c >= 0xa0) {
                text.append((char) c);
            } else {
                return erlangByteList(bytes);
            }
        }
        return bytes.length == 0 ? "<<>>" : text.append("\">>").toString();
    }

    private static String erlangByteList(byte[] bytes) {
        StringBuilder text = new StringBuilder("<<");
        for (int i = 0; i < bytes.length; i++) {
            text.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
        }
        return text.append(">>").toString();
    }
}
