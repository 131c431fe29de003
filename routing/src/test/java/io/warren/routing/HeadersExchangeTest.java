package io.warren.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadersExchangeTest {

    /** Stands in for the codec's long string: a byte string with value equality, not a String. */
    record Bytes(byte[] value) {
        static Bytes of(String s) {
            return new Bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** A map that may hold null (void) values, from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // description, binding arguments, message headers, matches
                row("all: every argument equal", map("x-match", "all", "a", 1, "b", "x"), map("a", 1, "b", "x"), true),
                row("all: one value differs", map("x-match", "all", "a", 1, "b", "x"), map("a", 1, "b", "y"), false),
                row("all: one header missing", map("x-match", "all", "a", 1, "b", "x"), map("a", 1), false),
                row("all: extra headers do not matter", map("a", 1), map("a", 1, "z", 2), true),
                row("no x-match means all", map("a", 1, "b", 2), map("a", 1), false),
                row("no x-match means all (match)", map("a", 1, "b", 2), map("b", 2, "a", 1), true),
                row("any: one of two matches", map("x-match", "any", "a", 1, "b", 2), map("b", 2), true),
                row("any: value differs, other missing", map("x-match", "any", "a", 1, "b", 2), map("a", 9), false),
                row("any: no headers", map("x-match", "any", "a", 1), map(), false),
                row("all: no arguments matches everything", map(), map("a", 1), true),
                row("all: no arguments matches no headers", map(), null, true),
                row("all: only x-match matches everything", map("x-match", "all"), map(), true),
                row("any: only x-match matches nothing", map("x-match", "any"), map("a", 1), false),
                row("all: x- arguments are ignored", map("x-match", "all", "x-foo", "v"), map(), true),
                row("all: x- argument ignored, other checked", map("x-foo", "v", "a", 1), map("a", 1), true),
                row("any: only x- arguments matches nothing", map("x-match", "any", "x-foo", "v"), map("x-foo", "v"), false),
                row("all: x- header cannot satisfy an argument", map("x-match", "all", "x-foo", "v", "a", 1), map("x-foo", "v"), false),
                row("all-with-x: x- argument must match", map("x-match", "all-with-x", "x-foo", "v"), map("x-foo", "v"), true),
                row("all-with-x: x- argument missing", map("x-match", "all-with-x", "x-foo", "v"), map("a", 1), false),
                row("all-with-x: x- and plain arguments", map("x-match", "all-with-x", "x-foo", "v", "a", 1), map("x-foo", "v", "a", 2), false),
                row("any-with-x: x- header matches", map("x-match", "any-with-x", "x-first-death-reason", "expired", "a", 1), map("x-first-death-reason", "expired"), true),
                row("any-with-x: nothing matches", map("x-match", "any-with-x", "x-foo", "v"), map("x-foo", "w"), false),
                row("any-with-x: only x-match matches nothing", map("x-match", "any-with-x"), map("x-match", "any-with-x"), false),
                row("all-with-x: x-match itself is never matched on", map("x-match", "all-with-x"), map(), true),
                row("void argument: header present", map("a", null), map("a", "anything"), true),
                row("void argument: header present and void", map("a", null), map("a", null), true),
                row("void argument: header missing", map("a", null), map("b", 1), false),
                row("any: void argument present", map("x-match", "any", "a", null, "b", 2), map("a", 0), true),
                row("value argument vs void header", map("a", 1), map("a", null), false),
                row("numbers: int vs long", map("a", 1), map("a", 1L), true),
                row("numbers: int vs double", map("a", 1), map("a", 1.0), true),
                row("numbers: byte vs short", map("a", (byte) 7), map("a", (short) 7), true),
                row("numbers: long vs fractional double", map("a", 1L), map("a", 1.5), false),
                row("numbers: 2^53+1 vs 2^53 as double", map("a", (1L << 53) + 1), map("a", (double) (1L << 53)), false),
                row("numbers: long max vs 2^63 as double", map("a", Long.MAX_VALUE), map("a", 0x1p63), false),
                row("numbers: float 0.5 vs double 0.5", map("a", 0.5f), map("a", 0.5), true),
                row("numbers: float 0.1 vs double 0.1", map("a", 0.1f), map("a", 0.1), false),
                row("numbers: NaN never equal", map("a", Double.NaN), map("a", Double.NaN), false),
                row("numbers: big integer vs long", map("a", BigInteger.TEN), map("a", 10L), true),
                row("decimals: same scale and value", map("a", new BigDecimal("1.50")), map("a", new BigDecimal("1.50")), true),
                row("decimals: other scale", map("a", new BigDecimal("1.5")), map("a", new BigDecimal("1.50")), false),
                row("decimals: never equal to other numbers", map("a", new BigDecimal("1")), map("a", 1), false),
                row("string vs number", map("a", "1"), map("a", 1), false),
                row("long strings (not String) compare by value", map("a", Bytes.of("v")), map("a", Bytes.of("v")), true),
                row("long strings differ", map("a", Bytes.of("v")), map("a", Bytes.of("w")), false),
                row("byte arrays compare by content", map("a", new byte[] {1, 2}), map("a", new byte[] {1, 2}), true),
                row("booleans", map("a", true), map("a", false), false),
                row("nested tables", map("a", Map.of("k", 1)), map("a", Map.of("k", 1)), true),
                row("invalid x-match falls back to all", map("x-match", "most", "a", 1), map("a", 1), true),
                row("invalid x-match falls back to all (no match)", map("x-match", "most", "a", 1, "b", 2), map("a", 1), false),
                row("non-string x-match falls back to all", map("x-match", 1, "a", 1), map("a", 1), true),
                row("x-match is case-sensitive", map("x-match", "ANY", "a", 1, "b", 2), map("a", 1), false),
                row("null headers are no headers", map("a", 1), null, false));
    }

    private static Arguments row(String description, Map<String, Object> arguments, Map<String, Object> headers,
                                 boolean matches) {
        return Arguments.of(description, arguments, headers, matches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void matchesLikeRabbitMq(String description, Map<String, Object> arguments, Map<String, Object> headers,
                             boolean matches) {
        HeadersExchange<String> exchange = new HeadersExchange<>();
        assertTrue(exchange.bind("q", "ignored", arguments));
        assertEquals(matches ? List.of("q") : List.of(), Routes.of(exchange, "any key", headers), description);
    }

    @ParameterizedTest(name = "x-match {0}")
    @MethodSource("xMatchValidation")
    void validatesXMatchWithRabbitMqsText(Object xMatch, String error) {
        HeadersExchange<String> exchange = new HeadersExchange<>();
        assertEquals(Optional.ofNullable(error), exchange.validateBinding("", map("x-match", xMatch, "a", 1)));
    }

    static Stream<Arguments> xMatchValidation() {
        String expected = "; expected all, any, all-with-x, or any-with-x";
        return Stream.of(
                Arguments.of("all", null),
                Arguments.of("any", null),
                Arguments.of("all-with-x", null),
                Arguments.of("any-with-x", null),
                Arguments.of("foo", "Invalid x-match field value <<\"foo\">>" + expected),
                Arguments.of("", "Invalid x-match field value <<>>" + expected),
                Arguments.of("Any", "Invalid x-match field value <<\"Any\">>" + expected),
                Arguments.of("a\"b\\c", "Invalid x-match field value <<\"a\\\"b\\\\c\">>" + expected),
                Arguments.of("\u0001x", "Invalid x-match field value <<1,120>>" + expected),
                Arguments.of(1, "Invalid x-match field type signedint (value 1); expected longstr"),
                Arguments.of(true, "Invalid x-match field type bool (value true); expected longstr"),
                Arguments.of(null, "Invalid x-match field type void (value undefined); expected longstr"));
    }

    @Test
    void acceptsBindingsWithoutXMatch() {
        HeadersExchange<String> exchange = new HeadersExchange<>();
        assertEquals(Optional.empty(), exchange.validateBinding("", null));
        assertEquals(Optional.empty(), exchange.validateBinding("", map("a", 1)));
    }

    @Test
    void readsXMatchThroughTheServersLongStringType() {
        HeadersExchange<String> exchange =
                new HeadersExchange<>(v -> v instanceof Bytes b ? b.text() : null);
        assertEquals(Optional.empty(), exchange.validateBinding("", map("x-match", Bytes.of("any"))));
        assertEquals(Optional.of("Invalid x-match field value <<\"nope\">>; expected all, any, all-with-x, or any-with-x"),
                exchange.validateBinding("", map("x-match", Bytes.of("nope"))));
        exchange.bind("q", "", map("x-match", Bytes.of("any"), "a", Bytes.of("1"), "b", Bytes.of("2")));
        assertEquals(List.of("q"), Routes.of(exchange, "", map("b", Bytes.of("2"))));
    }

    @Test
    void deliversToADestinationOnceWhenSeveralOfItsBindingsMatch() {
        HeadersExchange<String> exchange = new HeadersExchange<>();
        exchange.bind("q1", "", map("a", 1));
        exchange.bind("q2", "", map("a", 1));
        exchange.bind("q1", "", map("x-match", "any", "a", 1, "b", 2));
        exchange.bind("q1", "", map());
        assertEquals(List.of("q1", "q2"), Routes.of(exchange, "", map("a", 1)));
        assertEquals(List.of("q1"), Routes.of(exchange, "", map("b", 2)));
        assertEquals(List.of("q1"), Routes.of(exchange, "", null));
    }

    @Test
    void unbindingOneOfSeveralBindingsKeepsTheOthers() {
        HeadersExchange<String> exchange = new HeadersExchange<>();
        exchange.bind("q", "", map("a", 1));
        exchange.bind("q", "", map("b", 2));
        assertTrue(exchange.unbind("q", "", map("a", 1)));
        assertEquals(List.of(), Routes.of(exchange, "", map("a", 1)));
        assertEquals(List.of("q"), Routes.of(exchange, "", map("b", 2)));
        assertEquals(1, exchange.unbindAll("q"));
        assertEquals(List.of(), Routes.of(exchange, "", map("b", 2)));
    }
}
