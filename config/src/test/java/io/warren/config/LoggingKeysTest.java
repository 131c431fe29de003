package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoggingKeysTest {

    @Test
    void everyLoggingKeyIsParsed() {
        LoggingOptions logging = Conf.parse(
                "log.default.level = warning",
                "log.console = false",
                "log.console.level = debug",
                "log.file = /var/log/warren/warren.log",
                "log.file.level = error").logging();
        assertEquals(new LoggingOptions(LogLevel.WARNING, false, Optional.of(LogLevel.DEBUG),
                Optional.of(Path.of("/var/log/warren/warren.log")), Optional.of(LogLevel.ERROR)), logging);
        assertFalse(logging.console());
    }

    @Test
    void outputsWithoutTheirOwnLevelFollowTheDefaultLevel() {
        LoggingOptions logging = Conf.parse("log.console.level = debug", "log.default.level = error").logging();
        assertEquals(LogLevel.DEBUG, logging.effectiveConsoleLevel());
        assertEquals(LogLevel.ERROR, logging.effectiveFileLevel());
    }

    @Test
    void logFileFalseMeansNoFile() {
        assertEquals(Optional.empty(), Conf.parse("log.file = warren.log", "log.file = false").logging().file());
    }

    @ParameterizedTest
    @EnumSource(LogLevel.class)
    void everyLevelIsAccepted(LogLevel level) {
        assertEquals(Optional.of(level), Conf.parse("log.console.level = " + level.confName()).logging().consoleLevel());
    }
}
