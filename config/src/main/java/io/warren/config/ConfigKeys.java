package io.warren.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The registry of every configuration key Warren accepts, in the configuration file and in
 * {@code --set}. Looks keys up, applies their values, and suggests the nearest key for a typo.
 */
final class ConfigKeys {

    /** Where users are sent to read about the keys. */
    static final String DOCUMENTATION = "README.md#configuration";

    private static final ConfigKeys ALL = new ConfigKeys(Stream.of(
                    ListenerKeys.settings(),
                    TlsKeys.settings("ssl_options.", b -> b.tls),
                    TlsKeys.settings("management.ssl.", b -> b.managementTls),
                    AccessKeys.settings(),
                    AuthKeys.settings(),
                    LimitKeys.settings(),
                    ResourceKeys.settings(),
                    LoggingKeys.settings(),
                    NodeKeys.settings())
            .flatMap(List::stream)
            .toList());

    private final List<Setting<?>> settings;

    private ConfigKeys(List<Setting<?>> settings) {
        Set<String> names = new HashSet<>();
        for (Setting<?> setting : settings) {
            if (!names.add(setting.name())) {
                throw new IllegalStateException("configuration key defined twice: " + setting.name());
            }
        }
        this.settings = List.copyOf(settings);
    }

    /** Every key Warren accepts. */
    static ConfigKeys all() {
        return ALL;
    }

    /** The key definitions, in documentation order. */
    List<Setting<?>> settings() {
        return settings;
    }

    /** The definition {@code key} refers to, if it is a known key. */
    Optional<Setting<?>> find(String key) {
        return settings.stream().filter(setting -> setting.matches(key)).findFirst();
    }

    /**
     * Parses {@code value} as the value of {@code key} and applies it to {@code builder}.
     *
     * @param where where the key and value came from, for error messages
     * @throws ConfigException if the key is unknown or the value is not acceptable
     */
    void apply(ConfigBuilder builder, String key, String value, String where) {
        Setting<?> setting = find(key).orElseThrow(() -> unknownKey(key, where));
        setting.apply(builder, key, value, where);
    }

    private ConfigException unknownKey(String key, String where) {
        String hint = suggestionFor(key).map(known -> " (did you mean '" + known + "'?)").orElse("");
        return new ConfigException(where,
                "unknown configuration key '" + key + "'" + hint + ". Known keys are listed in " + DOCUMENTATION);
    }

    /** The known key closest to the unknown {@code key}, if one is close enough to be a likely typo. */
    Optional<String> suggestionFor(String key) {
        List<String> candidates = new ArrayList<>();
        String[] segments = key.split("\\.", -1);
        for (Setting<?> setting : settings) {
            Optional<String> prefix = setting.patternPrefix();
            if (prefix.isEmpty()) {
                candidates.add(setting.name());
                continue;
            }
            // Compare "listners.tcp.default" with "listeners.tcp.default", keeping the user's placeholder segment.
            int prefixSegments = prefix.get().split("\\.").length;
            if (segments.length == prefixSegments + 1) {
                candidates.add(prefix.get() + segments[prefixSegments]);
            }
            candidates.add(setting.name());
        }
        return DidYouMean.closest(key, candidates);
    }

    /** Every key name as documented, e.g. {@code heartbeat}, {@code listeners.tcp.NAME}. */
    List<String> names() {
        return settings.stream().map(Setting::name).toList();
    }
}
