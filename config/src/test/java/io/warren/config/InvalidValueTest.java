package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidValueTest {

    @Test
    void badValueNamesTheLineTheKeyAndWhatIsAllowed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Conf.parse("# limits", "", "heartbeat = abc"));
        assertEquals("warren.conf:3: invalid value 'abc' for 'heartbeat':"
                + " expected a whole number of seconds from 0 to 65535", e.getMessage());
    }

    /** One or more bad values for each kind of value parser, with a phrase the message must contain. */
    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(delimiter = '|', value = {
        // whole numbers with a range
        "heartbeat | 65536 | a whole number of seconds from 0 to 65535",
        "heartbeat | -1 | a whole number of seconds from 0 to 65535",
        "channel_max | 1.5 | a whole number of channels from 0 to 65535",
        "ssl_options.depth | 256 | a whole number of intermediate certificates from 0 to 255",
        // zero or a range
        "frame_max | 4095 | '0' (no limit), or a whole number of bytes from 4096 to 4294967295",
        "frame_max | 4294967296 | '0' (no limit), or a whole number of bytes from 4096 to 4294967295",
        // sizes
        "max_message_size | 536870913 | a size in bytes from 1 to 536870912",
        "max_message_size | 1GB | a size in bytes from 1 to 536870912",
        "disk_free_limit.absolute | 50 XB | a size in bytes of at least 0, optionally with a unit",
        "warren.store.segment_size | 1KB | a size in bytes from 4096 to 1073741824",
        // durations in milliseconds
        "handshake_timeout | 10s | a whole number of milliseconds from 1 to 2147483647",
        "warren.store.fsync_interval_ms | 60001 | a whole number of milliseconds from 0 to 60000",
        "consumer_timeout | 0 | a whole number of milliseconds from 1 to 2147483647, or 'false' (no timeout), or 'infinity' (no timeout)",
        // infinity or a number
        "connection_max | unlimited | 'infinity' (no limit), or a whole number of connections from 0 to 2147483646",
        // decimals
        "vm_memory_high_watermark.relative | 1.5 | a number from 0.0 to 1.0",
        "vm_memory_high_watermark_paging_ratio | half | a number from 0.0 to 100.0",
        "disk_free_limit.relative | -1.0 | a number from 0.0 to 100.0",
        // booleans
        "log.console | yes | true or false",
        "default_user_tags.administrator | 1 | true or false",
        "ssl_options.fail_if_no_peer_cert | TRUE | true or false",
        // words and enums
        "listeners.tcp | off | 'none' (no plain AMQP listeners)",
        "loopback_users | all | 'none' (every user may connect remotely)",
        "ssl_options.verify | verify | one of verify_peer, verify_none",
        "ssl_options.versions.1 | tlsv1.4 | one of tlsv1.3, tlsv1.2, tlsv1.1, tlsv1",
        "log.file.level | verbose | one of debug, info, warning, error, critical, none",
        // listener addresses and hosts
        "listeners.tcp.default | 127.0.0.1 | a port (5672) or host:port (127.0.0.1:5672, [::1]:5672)",
        "listeners.tcp.default | 70000 | a port (5672) or host:port",
        "management.tcp.port | 15672a | a TCP port number from 0 to 65535",
        "management.tcp.ip | bad host | a host name or IP address",
        // text, regular expressions and paths
        "default_user | '' | a non-empty text",
        "default_permissions.read | [unclosed | a regular expression",
        "warren.data_dir | '' | a file or directory path",
    })
    void badValueOfEachKindIsRejectedWithTheKeyLineAndWhatIsAllowed(String key, String value, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> Conf.parse("", key + " = " + value));
        String prefix = "warren.conf:2: invalid value '" + value + "' for '" + key + "': expected ";
        assertTrue(e.getMessage().startsWith(prefix + expected), e.getMessage());
    }
}
