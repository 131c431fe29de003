package io.warren.management.api;

import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.stats.ChannelStats;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/connections} (list, show, close with {@code DELETE}), {@code /api/channels} and
 * {@code /api/consumers}. Monitors and administrators see everyone's; other users their own.
 */
final class ConnectionsApi {
    private final ApiContext context;

    ConnectionsApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/connections", this::connections)
              .get("/api/vhosts/{vhost}/connections", this::connections)
              .get("/api/connections/{name}", this::connection)
              .delete("/api/connections/{name}", this::close)
              .get("/api/connections/{name}/channels", this::channelsOfConnection)
              .get("/api/channels", this::channels)
              .get("/api/vhosts/{vhost}/channels", this::channels)
              .get("/api/channels/{name}", this::channel)
              .get("/api/consumers", this::consumers)
              .get("/api/consumers/{vhost}", this::consumers);
    }

    private HttpResponse connections(Call call) {
        String vhost = call.has("vhost") ? context.vhostOrNotFound(call.param("vhost")).name() : null;
        Map<Object, Integer> channelCounts = channelCounts();
        List<Map<String, Object>> items = new ArrayList<>();
        for (AmqpConnection connection : visibleConnections(call)) {
            if (vhost != null && !vhost.equals(connection.vhostName())) continue;
            items.add(ConnectionJson.connection(context, connection, channelCounts.getOrDefault(connection, 0)));
        }
        return Call.ok(ListQuery.apply(items, call));
    }

    private HttpResponse connection(Call call) {
        AmqpConnection connection = find(call);
        return Call.ok(ConnectionJson.connection(context, connection, channelCounts().getOrDefault(connection, 0)));
    }

    /** Closes a connection: the client gets 320 CONNECTION_FORCED with the {@code X-Reason} header's text. */
    private HttpResponse close(Call call) {
        AmqpConnection connection = find(call);
        String reason = call.request().header("x-reason");
        connection.forceClose(reason == null ? "Closed via management plugin" : reason);
        return HttpResponse.noContent();
    }

    private HttpResponse channelsOfConnection(Call call) {
        AmqpConnection connection = find(call);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ChannelStats channel : allChannels()) {
            if (channel.connection() == connection) items.add(ConnectionJson.channel(context, channel, ConnectionJson.unacknowledged(channel)));
        }
        return Call.ok(ListQuery.apply(items, call));
    }

    private HttpResponse channels(Call call) {
        String vhost = call.has("vhost") ? context.vhostOrNotFound(call.param("vhost")).name() : null;
        List<Map<String, Object>> items = new ArrayList<>();
        for (ChannelStats channel : allChannels()) {
            if (vhost != null && !vhost.equals(channel.vhost())) continue;
            if (!call.caller().canSeeUser(channel.user())) continue;
            items.add(ConnectionJson.channel(context, channel, ConnectionJson.unacknowledged(channel)));
        }
        return Call.ok(ListQuery.apply(items, call));
    }

    private HttpResponse channel(Call call) {
        for (ChannelStats channel : allChannels()) {
            if (ConnectionJson.channelName(channel).equals(call.param("name")) && call.caller().canSeeUser(channel.user())) {
                Map<String, Object> json = ConnectionJson.channel(context, channel, ConnectionJson.unacknowledged(channel));
                json.put("consumer_details", ConnectionJson.consumers(context, channel));
                return Call.ok(json);
            }
        }
        throw ApiException.notFound();
    }

    private HttpResponse consumers(Call call) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : Visibility.vhosts(context, call)) {
            for (ChannelStats channel : vhost.statistics().channels()) items.addAll(ConnectionJson.consumers(context, channel));
        }
        return Call.ok(items);
    }

    private List<AmqpConnection> visibleConnections(Call call) {
        return context.broker().connections().snapshot().stream()
                .filter(c -> c.username() != null && call.caller().canSeeUser(c.username())).toList();
    }

    private AmqpConnection find(Call call) {
        return visibleConnections(call).stream().filter(c -> ConnectionJson.name(c).equals(call.param("name")))
                .findFirst().orElseThrow(ApiException::notFound);
    }

    private List<ChannelStats> allChannels() {
        List<ChannelStats> channels = new ArrayList<>();
        for (VirtualHost vhost : context.vhosts().all()) channels.addAll(vhost.statistics().channels());
        return channels;
    }

    private Map<Object, Integer> channelCounts() {
        Map<Object, Integer> counts = new HashMap<>();
        for (ChannelStats channel : allChannels()) counts.merge(channel.connection(), 1, Integer::sum);
        return counts;
    }
}
