package io.warren.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits the broker negotiates with or enforces on clients.
 *
 * @param heartbeatSeconds  heartbeat interval the broker proposes in {@code connection.tune}, 0 disables heartbeats ({@code heartbeat})
 * @param frameMax          largest frame in bytes the broker proposes in {@code connection.tune}, 0 means no limit ({@code frame_max})
 * @param channelMax        most channels per connection the broker proposes, 0 means no limit, i.e. 65535 ({@code channel_max})
 * @param maxMessageSize    largest message body in bytes a publisher may send ({@code max_message_size})
 * @param handshakeTimeout  how long a client has to complete the AMQP handshake ({@code handshake_timeout})
 * @param connectionMax     most client connections the node accepts, {@link #UNLIMITED} for no limit ({@code connection_max})
 * @param channelMaxPerNode most channels open on the node at once, {@link #UNLIMITED} for no limit ({@code channel_max_per_node})
 * @param consumerTimeout   how long a consumer may hold an unacknowledged delivery before its channel is closed;
 *                          empty disables the check ({@code consumer_timeout})
 * @param consumerMaxPerChannel most consumers on one channel, {@link #UNLIMITED} for no limit ({@code consumer_max_per_channel})
 * @param unackedMaxPerConsumer most unacknowledged deliveries a consumer without a prefetch limit holds
 *                          ({@code warren.unacked_max_per_consumer}); with at most {@code consumerMaxPerChannel}
 *                          consumers, this bounds what a channel holds unacknowledged
 */
public record Limits(
        int heartbeatSeconds,
        long frameMax,
        int channelMax,
        long maxMessageSize,
        Duration handshakeTimeout,
        int connectionMax,
        int channelMaxPerNode,
        Optional<Duration> consumerTimeout,
        int consumerMaxPerChannel,
        int unackedMaxPerConsumer) {

    /** The value of {@link #connectionMax()} and {@link #channelMaxPerNode()} meaning "no limit" ({@code infinity}). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** The highest channel number AMQP 0-9-1 can express; what {@code channel_max = 0} amounts to. */
    public static final int PROTOCOL_CHANNEL_MAX = 65535;

    public Limits {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(consumerTimeout, "consumerTimeout");
    }

    /** {@link #channelMax()} with 0 ("no limit") replaced by {@link #PROTOCOL_CHANNEL_MAX}. */
    public int effectiveChannelMax() {
        return channelMax == 0 ? PROTOCOL_CHANNEL_MAX : channelMax;
    }
}
