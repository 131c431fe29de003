package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitKeysTest {

    @Test
    void everyLimitIsParsed() {
        Limits limits = Conf.parse(
                "heartbeat = 30",
                "frame_max = 8192",
                "channel_max = 100",
                "max_message_size = 16MiB",
                "handshake_timeout = 2500",
                "connection_max = 1000",
                "channel_max_per_node = 5000",
                "consumer_timeout = 900000",
                "consumer_max_per_channel = 10",
                "warren.unacked_max_per_consumer = 500").limits();
        assertEquals(new Limits(30, 8192, 100, 16 * 1024 * 1024, Duration.ofMillis(2500), 1000, 5000,
                Optional.of(Duration.ofMinutes(15)), 10, 500), limits);
    }

    @Test
    void frameMaxZeroMeansUnlimitedAndTheLargestIsTheUnsigned32BitMaximum() {
        assertEquals(0, Conf.parse("frame_max = 0").limits().frameMax());
        assertEquals(4_294_967_295L, Conf.parse("frame_max = 4294967295").limits().frameMax());
    }

    @Test
    void maxMessageSizeAcceptsPlainBytesUpTo512MiB() {
        assertEquals(536_870_912, Conf.parse("max_message_size = 536870912").limits().maxMessageSize());
    }

    @Test
    void connectionAndChannelCapsAcceptInfinity() {
        Limits limits = Conf.parse("connection_max = 10", "connection_max = infinity",
                "channel_max_per_node = infinity", "consumer_max_per_channel = infinity").limits();
        assertEquals(Limits.UNLIMITED, limits.connectionMax());
        assertEquals(Limits.UNLIMITED, limits.channelMaxPerNode());
        assertEquals(Limits.UNLIMITED, limits.consumerMaxPerChannel());
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "infinity"})
    void consumerTimeoutCanBeDisabled(String disabled) {
        assertEquals(Optional.empty(), Conf.parse("consumer_timeout = " + disabled).limits().consumerTimeout());
    }

    @Test
    void heartbeatZeroDisablesHeartbeats() {
        assertEquals(0, Conf.parse("heartbeat = 0").limits().heartbeatSeconds());
    }
}
