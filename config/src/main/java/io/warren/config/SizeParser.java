package io.warren.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses information sizes the way RabbitMQ (3.13 and later) does: a whole number of bytes, optionally
 * followed by a unit. {@code k}, {@code kB}, {@code M}, {@code MB}, {@code G}, {@code GB}, {@code T},
 * {@code TB} are powers of 1000; {@code Ki}, {@code KiB}, {@code Mi}, {@code MiB}, {@code Gi},
 * {@code GiB}, {@code Ti}, {@code TiB} are powers of 1024. Units are case-insensitive.
 * So {@code 50MB} is 50,000,000 bytes and {@code 512MiB} is 536,870,912 bytes.
 */
final class SizeParser {

    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([A-Za-z]*)");

    private static final long KB = 1000L;
    private static final long KIB = 1024L;
    private static final Map<String, Long> MULTIPLIERS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("k", KB), Map.entry("kb", KB),
            Map.entry("m", KB * KB), Map.entry("mb", KB * KB),
            Map.entry("g", KB * KB * KB), Map.entry("gb", KB * KB * KB),
            Map.entry("t", KB * KB * KB * KB), Map.entry("tb", KB * KB * KB * KB),
            Map.entry("ki", KIB), Map.entry("kib", KIB),
            Map.entry("mi", KIB * KIB), Map.entry("mib", KIB * KIB),
            Map.entry("gi", KIB * KIB * KIB), Map.entry("gib", KIB * KIB * KIB),
            Map.entry("ti", KIB * KIB * KIB * KIB), Map.entry("tib", KIB * KIB * KIB * KIB));

    private SizeParser() {
    }

    /** A size from {@code min} to {@code max} bytes, with or without a unit. */
    static ValueParser<Long> size(long min, long max) {
        String range = max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
        return ValueParser.of("a size in bytes " + range + ", optionally with a unit (kB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB"
                        + " are powers of 1024), e.g. 50MB or 512MiB",
                text -> bytes(text).filter(n -> n >= min && n <= max));
    }

    /** {@link #size} for values that fit an {@code int}. */
    static ValueParser<Integer> intSize(int min, int max) {
        return size(min, max).map(Long::intValue);
    }

    /** The number of bytes {@code text} stands for, or empty if it is not a size or does not fit a {@code long}. */
    static Optional<Long> bytes(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Long multiplier = MULTIPLIERS.get(matcher.group(2).toLowerCase(Locale.ROOT));
        if (multiplier == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier));
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            return Optional.empty();
        }
    }
}
