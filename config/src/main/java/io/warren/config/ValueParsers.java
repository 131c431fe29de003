package io.warren.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** The general-purpose {@link ValueParser}s: numbers, durations, booleans, words, text and paths. */
final class ValueParsers {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");

    private ValueParsers() {
    }

    /** A whole number from {@code min} to {@code max}; {@code unit} (e.g. "seconds") may be empty. */
    static ValueParser<Long> wholeNumber(long min, long max, String unit) {
        String of = unit.isEmpty() ? "" : " of " + unit;
        return ValueParser.of("a whole number" + of + " from " + min + " to " + max,
                text -> parseWholeNumber(text).filter(n -> n >= min && n <= max));
    }

    /** {@link #wholeNumber} for values that fit an {@code int}. */
    static ValueParser<Integer> integer(int min, int max, String unit) {
        return wholeNumber(min, max, unit).map(Long::intValue);
    }

    /** A TCP port number from 0 to 65535 (0 lets the operating system choose). */
    static ValueParser<Integer> port() {
        return ValueParser.of("a TCP port number from 0 to 65535",
                text -> parseWholeNumber(text).filter(n -> n <= 65535).map(Long::intValue));
    }

    /** A whole number of milliseconds from {@code min} to {@code max}. */
    static ValueParser<Duration> millis(long min, long max) {
        return wholeNumber(min, max, "milliseconds").map(Duration::ofMillis);
    }

    /** A decimal number such as {@code 0.4} from {@code min} to {@code max}. */
    static ValueParser<Double> decimal(double min, double max) {
        return ValueParser.of("a number from " + min + " to " + max,
                text -> DECIMAL.matcher(text).matches()
                        ? Optional.of(Double.parseDouble(text)).filter(d -> d >= min && d <= max)
                        : Optional.empty());
    }

    /** {@code true} or {@code false}. */
    static ValueParser<Boolean> bool() {
        return ValueParser.of("true or false", text -> switch (text) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        });
    }

    /** Exactly {@code word}, standing for {@code value}; {@code meaning} explains it in errors. */
    static <T> ValueParser<T> word(String word, T value, String meaning) {
        return ValueParser.of("'" + word + "' (" + meaning + ")",
                text -> text.equals(word) ? Optional.of(value) : Optional.empty());
    }

    /** One of the constants of an enum, spelled as {@code confName} gives. */
    static <E extends Enum<E>> ValueParser<E> oneOf(Function<E, String> confName, E[] constants) {
        String names = Arrays.stream(constants).map(confName).collect(Collectors.joining(", "));
        return ValueParser.of("one of " + names,
                text -> Arrays.stream(constants).filter(c -> confName.apply(c).equals(text)).findFirst());
    }

    /** Any text at all, including none. */
    static ValueParser<String> anyText() {
        return ValueParser.of("any text", Optional::of);
    }

    /** Any text that is not empty. */
    static ValueParser<String> nonEmptyText() {
        return ValueParser.of("a non-empty text", text -> Optional.of(text).filter(t -> !t.isEmpty()));
    }

    /** A Java regular expression; the empty expression is allowed. */
    static ValueParser<String> regex() {
        return ValueParser.of("a regular expression", text -> {
            try {
                Pattern.compile(text);
                return Optional.of(text);
            } catch (PatternSyntaxException e) {
                return Optional.empty();
            }
        });
    }

    /** A file or directory path; it need not exist yet. */
    static ValueParser<Path> path() {
        return ValueParser.of("a file or directory path", text -> {
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Path.of(text));
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Long> parseWholeNumber(String text) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }
}
