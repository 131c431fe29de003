package io.warren.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Command-line arguments split into their parts, not yet applied.
 *
 * @param configFile    the value of {@code --config}, if given
 * @param overrides     every other flag that carries a value, in command-line order
 * @param helpRequested whether {@code --help} was given
 */
record ParsedCommandLine(Optional<String> configFile, List<FlagValue> overrides, boolean helpRequested) {

    /**
     * One flag with its value, e.g. {@code --port 5673} or {@code --set heartbeat=30}.
     *
     * @param flag  the flag's name including the dashes
     * @param value its value as given
     */
    record FlagValue(String flag, String value) {
    }

    ParsedCommandLine {
        Objects.requireNonNull(configFile, "configFile");
        overrides = List.copyOf(overrides);
    }
}
