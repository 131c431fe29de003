package io.warren.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One headers-exchange binding compiled for matching, with RabbitMQ 3.10's semantics
 * ({@code rabbit_exchange_type_headers:headers_match/2}).
 *
 * <ul>
 *   <li>{@code x-match} is {@code all} (the default), {@code any}, {@code all-with-x} or
 *       {@code any-with-x}; any other value, or one that is not a string, means {@code all}
 *       (RabbitMQ's legacy behaviour: such bindings are refused by {@link #validate} beforehand).
 *   <li>The arguments matched on are all except {@code x-match}; with {@code all} and {@code any},
 *       arguments whose name starts with {@code x-} are left out too, so message headers starting
 *       with {@code x-} can never take part.
 *   <li>An argument matches when the header of the same name is present and {@link FieldValues#equal
 *       equal}; an argument whose value is void (null) matches when the header is present at all.
 *   <li>{@code all}: no argument fails (so no arguments at all matches every message).
 *       {@code any}: at least one argument matches (so no arguments matches no message).
 * </ul>
 */
final class HeadersMatch {

    static final String X_MATCH = "x-match";

    /** Reads an {@code x-match} value as text when it is an AMQP long string: here, a CharSequence. */
    static final Function<Object, String> CHAR_SEQUENCE_TEXT =
            value -> value instanceof CharSequence s ? s.toString() : null;

    private final boolean all;
    private final String[] names;
    private final Object[] values;

    private HeadersMatch(boolean all, String[] names, Object[] values) {
        this.all = all;
        this.names = names;
        this.values = values;
    }

    static HeadersMatch compile(Map<String, Object> arguments, Function<Object, String> text) {
        String mode = arguments.containsKey(X_MATCH) ? text.apply(arguments.get(X_MATCH)) : null;
        boolean withX = "all-with-x".equals(mode) || "any-with-x".equals(mode);
        boolean any = "any".equals(mode) || "any-with-x".equals(mode);
        List<String> names = new ArrayList<>(arguments.size());
        List<Object> values = new ArrayList<>(arguments.size());
        arguments.forEach((name, value) -> {
            if (!name.equals(X_MATCH) && (withX || !name.startsWith("x-"))) {
                names.add(name);
                values.add(value);
            }
        });
        return new HeadersMatch(!any, names.toArray(String[]::new), values.toArray());
    }

    /** Whether a message with these headers (never null) matches. */
    boolean matches(Map<String, Object> headers) {
        for (int i = 0; i < names.length; i++) {
            Object expected = values[i];
            boolean match;
            if (expected == null) {
                match = headers.containsKey(names[i]);
            } else {
                Object actual = headers.get(names[i]);
                match = actual != null && FieldValues.equal(expected, actual);
            }
            if (match != all) {
                return match; // a failure under all, a success under any
            }
        }
        return all;
    }

    /**
     * The detail of RabbitMQ's {@code 406 PRECONDITION_FAILED} for an unacceptable {@code x-match},
     * or empty.
     */
    static Optional<String> validate(Map<String, Object> arguments, Function<Object, String> text) {
        if (arguments == null || !arguments.containsKey(X_MATCH)) {
            return Optional.empty();
        }
        Object value = arguments.get(X_MATCH);
        String mode = text.apply(value);
        if (mode == null) {
            return Optional.of("Invalid x-match field type " + FieldValues.typeName(value)
                    + " (value " + FieldValues.erlangTerm(value) + "); expected longstr");
        }
        return switch (mode) {
            case "all", "any", "all-with-x", "any-with-x" -> Optional.empty();
            default -> Optional.of("Invalid x-match field value " + FieldValues.erlangTerm(mode)
                    + "; expected all, any, all-with-x, or any-with-x");
        };
    }
}
