package io.warren.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One named input the broker understands (a configuration key, an environment variable or a
 * command-line flag), the parser for its value, and the change the value makes to the configuration.
 * A name may end in a placeholder segment, as in {@code listeners.tcp.NAME}, which matches any single
 * segment ({@code listeners.tcp.default}); the matched segment is passed to the change.
 *
 * @param <T> the type of the parsed value
 */
final class Setting<T> {

    /** The change a setting makes, given the segment its placeholder matched ("" if it has none). */
    @FunctionalInterface
    interface Change<T> {
        void apply(ConfigBuilder builder, String placeholder, T value);
    }

    private final String name;
    private final Optional<String> patternPrefix;
    private final ValueParser<T> parser;
    private final Change<T> change;

    private Setting(String name, Optional<String> patternPrefix, ValueParser<T> parser, Change<T> change) {
        this.name = Objects.requireNonNull(name, "name");
        this.patternPrefix = patternPrefix;
        this.parser = Objects.requireNonNull(parser, "parser");
        this.change = Objects.requireNonNull(change, "change");
    }

    /** A setting with a fixed name, e.g. {@code heartbeat}. */
    static <T> Setting<T> named(String name, ValueParser<T> parser, BiConsumer<ConfigBuilder, T> change) {
        return new Setting<>(name, Optional.empty(), parser, (builder, placeholder, value) -> change.accept(builder, value));
    }

    /**
     * A setting whose last segment is a placeholder, e.g. {@code pattern("listeners.tcp.", "NAME", ...)}
     * for {@code listeners.tcp.NAME}.
     */
    static <T> Setting<T> pattern(String prefix, String placeholder, ValueParser<T> parser, Change<T> change) {
        if (!prefix.endsWith(".")) {
            throw new IllegalArgumentException("pattern prefix must end with '.': " + prefix);
        }
        return new Setting<>(prefix + placeholder, Optional.of(prefix), parser, change);
    }

    /** The name as documented, e.g. {@code heartbeat} or {@code listeners.tcp.NAME}. */
    String name() {
        return name;
    }

    /** For placeholder settings, the fixed part before the placeholder, e.g. {@code listeners.tcp.}. */
    Optional<String> patternPrefix() {
        return patternPrefix;
    }

    /** What values this setting accepts. */
    String expected() {
        return parser.expected();
    }

    /** Whether {@code key} names this setting. */
    boolean matches(String key) {
        return placeholderIn(key).isPresent();
    }

    /**
     * Parses {@code text} and applies it to {@code builder}.
     *
     * @param key   the name as written by the user, matching this setting
     * @param where where the value came from, for error messages
     * @throws ConfigException if the value is not acceptable
     */
    void apply(ConfigBuilder builder, String key, String text, String where) {
        String placeholder = placeholderIn(key)
                .orElseThrow(() -> new IllegalArgumentException(key + " does not match " + name));
        T value = parser.parse(text).orElseThrow(() -> new ConfigException(where,
                "invalid value '" + text + "' for '" + key + "': expected " + parser.expected()));
        change.apply(builder, placeholder, value);
    }

    private Optional<String> placeholderIn(String key) {
        if (patternPrefix.isEmpty()) {
            return key.equals(name) ? Optional.of("") : Optional.empty();
        }
        String prefix = patternPrefix.get();
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        return rest.isEmpty() || rest.contains(".") ? Optional.empty() : Optional.of(rest);
    }

    @Override
    public String toString() {
        return name;
    }
}
