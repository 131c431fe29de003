package io.warren.management.api;

import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.definitions.FieldValuesJson;
import io.warren.broker.stats.ChannelStats;
import io.warren.management.stats.RateSampler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Connections, channels and consumers as {@code /api/connections}, {@code /api/channels} and
 * {@code /api/consumers} show them. A connection's name is RabbitMQ's
 * {@code "peer_host:peer_port -> host:port"}; a channel's is its connection's name and {@code " (n)"}.
 */
final class ConnectionJson {
    private ConnectionJson() {}

    static String name(AmqpConnection connection) {
        return connection.connectionName();
    }

    static String channelName(ChannelStats channel) {
        return channel.connection() instanceof AmqpConnection c ? name(c) + " (" + channel.number() + ")"
                : "direct (" + channel.number() + ")";
    }

    static Map<String, Object> connection(ApiContext context, AmqpConnection connection, int channels) {
        InetSocketAddress peer = inet(connection.remoteAddress());
        InetSocketAddress local = inet(connection.localAddress());
        Map<String, Object> props = FieldValuesJson.toJson(connection.clientProperties());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("auth_mechanism", connection.authMechanism());
        json.put("channel_max", connection.negotiatedChannelMax());
        json.put("channels", channels);
        json.put("client_properties", props);
        json.put("connected_at", connection.connectedAt());
        json.put("frame_max", connection.frameMax());
        json.put("host", local == null ? null : local.getAddress().getHostAddress());
        json.put("name", name(connection));
        json.put("node", context.nodeName());
        json.put("peer_cert_issuer", null);
        json.put("peer_cert_subject", null);
        json.put("peer_cert_validity", null);
        json.put("peer_host", peer == null ? null : peer.getAddress().getHostAddress());
        json.put("peer_port", peer == null ? null : peer.getPort());
        json.put("port", local == null ? null : local.getPort());
        json.put("protocol", "AMQP 0-9-1");
        json.put("ssl", connection.tls());
        json.put("state", connection.flowState());
        json.put("timeout", connection.heartbeatSeconds());
        json.put("type", "network");
        json.put("user", connection.username());
        Object provided = props.get("connection_name");
        if (provided != null) json.put("user_provided_name", provided.toString());
        json.put("user_who_performed_action", connection.username());
        json.put("vhost", connection.vhostName());
        return json;
    }

    static Map<String, Object> connectionDetails(AmqpConnection connection) {
        InetSocketAddress peer = inet(connection.remoteAddress());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name(connection));
        json.put("peer_host", peer == null ? null : peer.getAddress().getHostAddress());
        json.put("peer_port", peer == null ? null : peer.getPort());
        return json;
    }

    static Map<String, Object> channel(ApiContext context, ChannelStats channel, int unacknowledged) {
        RateSampler rates = context.sampler();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("acks_uncommitted", 0);
        json.put("confirm", channel.confirm());
        if (channel.connection() instanceof AmqpConnection c) json.put("connection_details", connectionDetails(c));
        json.put("consumer_count", channel.consumers().size());
        json.put("global_prefetch_count", channel.globalPrefetchCount());
        json.put("message_stats", StatsJson.channelStats(channel::get, c -> rates.rate(channel, c)));
        json.put("messages_unacknowledged", unacknowledged);
        json.put("messages_uncommitted", 0);
        json.put("messages_unconfirmed", 0);
        json.put("name", channelName(channel));
        json.put("node", context.nodeName());
        json.put("number", channel.number());
        json.put("prefetch_count", channel.prefetchCount());
        json.put("state", channel.state());
        json.put("transactional", channel.isTransactional());
        json.put("user", channel.user());
        json.put("user_who_performed_action", channel.user());
        json.put("vhost", channel.vhost());
        return json;
    }

    static Map<String, Object> channelDetails(ApiContext context, ChannelStats channel) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (channel.connection() instanceof AmqpConnection c) {
            InetSocketAddress peer = inet(c.remoteAddress());
            json.put("connection_name", name(c));
            json.put("name", channelName(channel));
            json.put("node", context.nodeName());
            json.put("number", channel.number());
            json.put("peer_host", peer == null ? null : peer.getAddress().getHostAddress());
            json.put("peer_port", peer == null ? null : peer.getPort());
        } else {
            json.put("name", channelName(channel));
            json.put("number", channel.number());
        }
        json.put("user", channel.user());
        return json;
    }

    /** Every consumer of the channel, as {@code /api/consumers} lists them. */
    static List<Map<String, Object>> consumers(ApiContext context, ChannelStats channel) {
        return channel.consumers().stream().map(consumer -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("arguments", FieldValuesJson.toJson(consumer.arguments()));
            json.put("ack_required", consumer.ackRequired());
            json.put("active", true);
            json.put("activity_status", "up");
            json.put("channel_details", channelDetails(context, channel));
            json.put("consumer_tag", consumer.tag());
            json.put("exclusive", consumer.exclusive());
            json.put("prefetch_count", consumer.prefetchCount());
            json.put("queue", Map.of("name", consumer.queue(), "vhost", channel.vhost()));
            return (Map<String, Object>) json;
        }).toList();
    }

    /** The channel's unacknowledged count, read on its connection's thread (bounded wait; 0 if it does not answer). */
    static int unacknowledged(ChannelStats channel) {
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        try {
            channel.executor().execute(() -> answer.complete(channel.unacknowledged()));
            return ApiContext.await(answer);
        } catch (Exception e) {
            return 0;
        }
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet : null;
    }
}
