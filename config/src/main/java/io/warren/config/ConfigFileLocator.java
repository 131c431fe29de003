package io.warren.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which configuration file to read: the {@code --config} flag, else {@code WARREN_CONFIG_FILE},
 * else {@code RABBITMQ_CONFIG_FILE}, else none. Like RabbitMQ, a file named by an environment variable
 * without the {@code .conf} suffix is looked for with {@code .conf} appended first.
 */
final class ConfigFileLocator {

    /** The environment variables that may name the configuration file, in order of precedence. */
    static final List<String> VARIABLES = List.of("WARREN_CONFIG_FILE", "RABBITMQ_CONFIG_FILE");

    private static final String SUFFIX = ".conf";

    private ConfigFileLocator() {
    }

    /**
     * The configuration file to read, if any.
     *
     * @param flagValue   the value of {@code --config}, if given
     * @param environment the process environment
     * @throws ConfigException if the named file is in Erlang-term format, or named by a variable and not found
     */
    static Optional<Path> locate(Optional<String> flagValue, Map<String, String> environment) {
        if (flagValue.isPresent()) {
            return Optional.of(toPath(flagValue.get(), "command-line flag --config"));
        }
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(fromVariable(value.strip(), "environment variable " + variable));
            }
        }
        return Optional.empty();
    }

    private static Path fromVariable(String value, String where) {
        Path named = toPath(value, where);
        if (value.endsWith(SUFFIX)) {
            return named;
        }
        Path withSuffix = toPath(value + SUFFIX, where);
        if (Files.isRegularFile(withSuffix)) {
            return withSuffix;
        }
        if (Files.isRegularFile(named)) {
            return named;
        }
        throw new ConfigException(where, "configuration file not found: tried " + withSuffix + " and " + named);
    }

    private static Path toPath(String value, String where) {
        if (value.endsWith(".config")) {
            throw new ConfigException(where, "'" + value + "' is an Erlang-term .config file, which Warren does not"
                    + " read; use the rabbitmq.conf format (key = value lines) in a .conf file");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(where, "invalid file name '" + value + "': " + e.getReason(), e);
        }
    }
}
