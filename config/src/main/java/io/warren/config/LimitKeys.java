package io.warren.config;

import static io.warren.config.Setting.named;
import static io.warren.config.ValueParsers.integer;
import static io.warren.config.ValueParsers.millis;
import static io.warren.config.ValueParsers.wholeNumber;
import static io.warren.config.ValueParsers.word;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Keys for protocol limits negotiated with clients and for connection and channel caps. */
final class LimitKeys {

    /** The largest frame AMQP 0-9-1 can describe: the frame size field is an unsigned 32-bit integer. */
    private static final long LARGEST_FRAME = 4_294_967_295L;
    /** RabbitMQ's hard cap on {@code max_message_size}: 512 MiB. */
    private static final long LARGEST_MESSAGE = 536_870_912L;

    private LimitKeys() {
    }

    static List<Setting<?>> settings() {
        return List.of(
                named("heartbeat", integer(0, 65535, "seconds"), (b, seconds) -> b.heartbeatSeconds = seconds),
                named("frame_max", word("0", 0L, "no limit").or(wholeNumber(4096, LARGEST_FRAME, "bytes")),
                        (b, bytes) -> b.frameMax = bytes),
                named("channel_max", integer(0, 65535, "channels"), (b, channels) -> b.channelMax = channels),
                named("max_message_size", SizeParser.size(1, LARGEST_MESSAGE), (b, bytes) -> b.maxMessageSize = bytes),
                named("handshake_timeout", millis(1, Integer.MAX_VALUE), (b, timeout) -> b.handshakeTimeout = timeout),
                named("connection_max", unlimitedOr("connections"), (b, max) -> b.connectionMax = max),
                named("channel_max_per_node", unlimitedOr("channels"), (b, max) -> b.channelMaxPerNode = max),
                named("consumer_timeout", consumerTimeout(), (b, timeout) -> b.consumerTimeout = timeout),
                named("consumer_max_per_channel", unlimitedOr("consumers"), (b, max) -> b.consumerMaxPerChannel = max),
                named("warren.unacked_max_per_consumer", integer(1, Integer.MAX_VALUE, "deliveries"),
                        (b, max) -> b.unackedMaxPerConsumer = max));
    }

    private static ValueParser<Integer> unlimitedOr(String unit) {
        return word("infinity", Limits.UNLIMITED, "no limit").or(integer(0, Limits.UNLIMITED - 1, unit));
    }

    private static ValueParser<Optional<Duration>> consumerTimeout() {
        ValueParser<Optional<Duration>> timeout = millis(1, Integer.MAX_VALUE).map(Optional::of);
        return timeout
                .or(word("false", Optional.<Duration>empty(), "no timeout"))
                .or(word("infinity", Optional.<Duration>empty(), "no timeout"));
    }
}
