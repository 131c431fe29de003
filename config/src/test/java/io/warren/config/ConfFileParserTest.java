package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warren.config.ConfFileParser.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfFileParserTest {

    @Test
    void readsKeyValueLinesWithTheirLineNumbers() {
        List<Entry> entries = ConfFileParser.parse("# comment\n\nheartbeat = 30\n  frame_max=8192  \n", "warren.conf");
        assertEquals(List.of(
                new Entry("heartbeat", "30", "warren.conf:3"),
                new Entry("frame_max", "8192", "warren.conf:4")), entries);
    }

    @Test
    void valueIsEverythingAfterTheFirstEqualsSign() {
        List<Entry> entries = ConfFileParser.parse("default_pass = a=b==c", "warren.conf");
        assertEquals("a=b==c", entries.get(0).value());
    }

    @Test
    void commentAfterWhitespaceIsDroppedButHashInsideAValueIsKept() {
        List<Entry> entries = ConfFileParser.parse("heartbeat = 30   # seconds\ndefault_pass = s3cr#t", "w.conf");
        assertEquals("30", entries.get(0).value());
        assertEquals("s3cr#t", entries.get(1).value());
    }

    @Test
    void handlesWindowsLineEndingsAndAByteOrderMark() {
        List<Entry> entries = ConfFileParser.parse("\uFEFFheartbeat = 30\r\n\r\nchannel_max = 10\r\n", "w.conf");
        assertEquals(List.of(
                new Entry("heartbeat", "30", "w.conf:1"),
                new Entry("channel_max", "10", "w.conf:3")), entries);
    }

    @Test
    void emptyValueIsKeptForTheKeyToJudge() {
        assertEquals("", ConfFileParser.parse("default_permissions.read =", "w.conf").get(0).value());
    }

    @Test
    void lineWithoutEqualsSignIsAnErrorNamingTheLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfFileParser.parse("heartbeat = 30\n\nframe_max 8192\n", "warren.conf"));
        assertEquals("warren.conf:3: expected 'key = value' but found 'frame_max 8192'", e.getMessage());
        assertEquals("warren.conf:3", e.where());
    }

    @Test
    void missingKeyIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfFileParser.parse(" = 5", "warren.conf"));
        assertEquals("warren.conf:1: missing key before '=' in '= 5'", e.getMessage());
    }

    @Test
    void keyWithSpacesIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfFileParser.parse("\nchannel max = 5", "warren.conf"));
        assertEquals("warren.conf:2: invalid key 'channel max': keys contain no spaces", e.getMessage());
    }
}
