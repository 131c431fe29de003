package io.warren.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the text of a setting into a typed value, and says in words what text it accepts so that
 * errors can tell the user what is allowed.
 *
 * @param <T> the type of the parsed value
 */
interface ValueParser<T> {

    /** The value {@code text} stands for, or empty if {@code text} is not acceptable. */
    Optional<T> parse(String text);

    /** What this parser accepts, phrased to follow "expected", e.g. {@code a whole number from 0 to 65535}. */
    String expected();

    /** A parser from a parsing function and its description. */
    static <T> ValueParser<T> of(String expected, Function<String, Optional<T>> parse) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(parse, "parse");
        return new ValueParser<>() {
            @Override
            public Optional<T> parse(String text) {
                return parse.apply(text);
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /** This parser with its result transformed; accepts the same text. */
    default <R> ValueParser<R> map(Function<? super T, ? extends R> mapper) {
        return of(expected(), text -> parse(text).map(mapper));
    }

    /** Accepts what this parser accepts, and failing that what {@code other} accepts. */
    default ValueParser<T> or(ValueParser<? extends T> other) {
        return of(expected() + ", or " + other.expected(),
                text -> parse(text).or(() -> other.parse(text).map(value -> (T) value)));
    }
}
