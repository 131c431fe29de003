package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UnknownKeyTest {

    @Test
    void unknownKeyNamesTheLineAndSuggestsTheNearestKey() {
        String file = "heartbeat = 30\n".repeat(11) + "hearbeat = 30\n";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(file, "warren.conf"));
        assertEquals("warren.conf:12: unknown configuration key 'hearbeat' (did you mean 'heartbeat'?)."
                + " Known keys are listed in README.md#configuration", e.getMessage());
        assertEquals("warren.conf:12", e.where());
    }

    @Test
    void unknownKeyWithNothingCloseHasNoSuggestion() {
        ConfigException e = assertThrows(ConfigException.class, () -> Conf.parse("", "completely_unrelated = 1"));
        assertEquals("warren.conf:2: unknown configuration key 'completely_unrelated'."
                + " Known keys are listed in README.md#configuration", e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "listners.tcp.default, listeners.tcp.default",
        "listeners.tpc.local, listeners.tcp.local",
        "ssl_options.certfil, ssl_options.certfile",
        "default_user_tag.monitoring, default_user_tags.monitoring",
        "vm_memory_high_watermark.relativ, vm_memory_high_watermark.relative",
        "channelmax, channel_max",
        "warren.datadir, warren.data_dir",
        "log.consol.level, log.console.level",
    })
    void suggestsKeysIncludingPlaceholderKeys(String typo, String suggestion) {
        ConfigException e = assertThrows(ConfigException.class, () -> Conf.parse(typo + " = 1"));
        assertEquals("warren.conf:1: unknown configuration key '" + typo + "' (did you mean '" + suggestion + "'?)."
                + " Known keys are listed in README.md#configuration", e.getMessage());
    }

    @Test
    void placeholderMatchesExactlyOneSegment() {
        ConfigException e = assertThrows(ConfigException.class, () -> Conf.parse("listeners.tcp.a.b = 5672"));
        assertEquals("warren.conf:1", e.where());
        ConfigException empty = assertThrows(ConfigException.class, () -> Conf.parse("listeners.tcp. = 5672"));
        assertEquals("warren.conf:1", empty.where());
    }

    @Test
    void keysAreCaseSensitive() {
        ConfigException e = assertThrows(ConfigException.class, () -> Conf.parse("Heartbeat = 30"));
        assertEquals("warren.conf:1: unknown configuration key 'Heartbeat' (did you mean 'heartbeat'?)."
                + " Known keys are listed in README.md#configuration", e.getMessage());
    }
}
