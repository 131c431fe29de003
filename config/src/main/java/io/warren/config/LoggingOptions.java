package io.warren.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the broker logs and how much.
 *
 * @param defaultLevel level for every output that does not set its own ({@code log.default.level})
 * @param console      whether to log to standard output ({@code log.console})
 * @param consoleLevel level for the console, overriding {@code defaultLevel} ({@code log.console.level})
 * @param file         log file; empty means no file ({@code log.file}, {@code false} disables it)
 * @param fileLevel    level for the file, overriding {@code defaultLevel} ({@code log.file.level})
 */
public record LoggingOptions(
        LogLevel defaultLevel,
        boolean console,
        Optional<LogLevel> consoleLevel,
        Optional<Path> file,
        Optional<LogLevel> fileLevel) {

    public LoggingOptions {
        Objects.requireNonNull(defaultLevel, "defaultLevel");
        Objects.requireNonNull(consoleLevel, "consoleLevel");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fileLevel, "fileLevel");
    }

    /** The level the console output uses. */
    public LogLevel effectiveConsoleLevel() {
        return consoleLevel.orElse(defaultLevel);
    }

    /** The level the file output uses. */
    public LogLevel effectiveFileLevel() {
        return fileLevel.orElse(defaultLevel);
    }
}
