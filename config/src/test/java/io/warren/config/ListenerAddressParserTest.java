package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenerAddressParserTest {

    private final ValueParser<Listener> parser = ListenerAddressParser.listener();

    @ParameterizedTest(name = "{0} -> host {1} port {2}")
    @CsvSource({
        "5672, *, 5672",
        "0, *, 0",
        "127.0.0.1:5673, 127.0.0.1, 5673",
        "localhost:5672, localhost, 5672",
        "[::1]:5672, ::1, 5672",
        "::1:5672, ::1, 5672",
        "[::]:5672, ::, 5672",
        ":::5672, ::, 5672",
        "fe80::1%eth0:5672, fe80::1%eth0, 5672",
        "0.0.0.0:65535, 0.0.0.0, 65535",
    })
    void parsesPortsAndHostPortPairs(String text, String host, int port) {
        assertEquals(Optional.of(new Listener(host, port)), parser.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "65536", "127.0.0.1", "127.0.0.1:", ":5672", "127.0.0.1:abc",
        "[127.0.0.1]:5672", "[::1]5672", "host name:5672", "*:5672", "-1", "127.0.0.1:99999"})
    void rejectsMalformedAddresses(String text) {
        assertEquals(Optional.empty(), parser.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1", "::1, ::1", "[::1], ::1", "localhost, localhost", "0.0.0.0, 0.0.0.0"})
    void parsesHosts(String text, String host) {
        assertEquals(Optional.of(host), ListenerAddressParser.host().parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad host", "[127.0.0.1]", "a/b"})
    void rejectsMalformedHosts(String text) {
        assertEquals(Optional.empty(), ListenerAddressParser.host().parse(text));
    }
}
