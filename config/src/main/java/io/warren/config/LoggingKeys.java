package io.warren.config;

import static io.warren.config.Setting.named;
import static io.warren.config.ValueParsers.bool;
import static io.warren.config.ValueParsers.oneOf;
import static io.warren.config.ValueParsers.path;
import static io.warren.config.ValueParsers.word;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Keys for log outputs and levels. */
final class LoggingKeys {

    private LoggingKeys() {
    }

    static List<Setting<?>> settings() {
        ValueParser<LogLevel> level = oneOf(LogLevel::confName, LogLevel.values());
        ValueParser<Optional<Path>> file = word("false", Optional.<Path>empty(), "no log file")
                .or(path().map(Optional::of));
        return List.of(
                named("log.default.level", level, (b, l) -> b.defaultLogLevel = l),
                named("log.console", bool(), (b, on) -> b.logToConsole = on),
                named("log.console.level", level, (b, l) -> b.consoleLogLevel = Optional.of(l)),
                named("log.file", file, (b, f) -> b.logFile = f),
                named("log.file.level", level, (b, l) -> b.fileLogLevel = Optional.of(l)));
    }
}
