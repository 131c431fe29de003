package io.warren.management.api;

import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.connection.ServerProperties;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueStatus;
import io.warren.broker.stats.ChannelCounter;
import io.warren.broker.stats.ChannelStats;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.http.HttpResponse;
import io.warren.management.stats.NodeSample;
import io.warren.management.stats.RateSampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/overview} (always with {@code object_totals}, {@code queue_totals},
 * {@code message_stats} and {@code listeners}, which Telegraf and other collectors require),
 * {@code /api/nodes}, {@code /api/cluster-name}, {@code /api/auth} and {@code /api/extensions}.
 * The overview's {@code msg_rates_age} and {@code msg_rates_incr} parameters add the node's
 * recent samples to each rate, as RabbitMQ does for its charts.
 */
final class OverviewApi {
    private final ApiContext context;

    OverviewApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/overview", this::overview)
              .get("/api/nodes", call -> {
                  call.caller().requireMonitor();
                  return Call.ok(List.of(NodeInfo.node(context)));
              })
              .get("/api/nodes/{node}", call -> {
                  call.caller().requireMonitor();
                  if (!context.nodeName().equals(call.param("node"))) throw ApiException.notFound();
                  return Call.ok(NodeInfo.node(context));
              })
              .get("/api/cluster-name", call -> Call.ok(Map.of("name", context.clusterName())))
              .get("/api/extensions", call -> Call.ok(List.of()))
              .always("GET", "/api/auth", call -> Call.ok(Map.of("enable_uaa", false, "uaa_client_id", "", "uaa_location", "",
                      "oauth_enabled", false)));
    }

    private HttpResponse overview(Call call) throws Exception {
        RateSampler rates = context.sampler();
        List<VirtualHost> vhosts = context.vhosts().all().stream().filter(v -> call.caller().canSee(v.name())).toList();
        long ready = 0;
        long unacked = 0;
        int queues = 0;
        int exchanges = 0;
        int consumers = 0;
        int channels = 0;
        List<ClassicQueue> all = new ArrayList<>();
        for (VirtualHost vhost : vhosts) {
            all.addAll(vhost.queues());
            exchanges += vhost.exchanges().size();
            for (ChannelStats channel : vhost.statistics().channels()) {
                if (call.caller().canSeeUser(channel.user())) channels++;
                consumers += channel.consumers().size();
            }
        }
        for (ClassicQueue queue : all) {
            if (queue.deleted()) continue;
            queues++;
            QueueStatus status = ApiContext.await(queue.status());
            ready += status.messagesReady();
            unacked += status.messagesUnacknowledged();
        }
        int connections = 0;
        for (AmqpConnection connection : context.broker().connections().snapshot()) {
            if (connection.username() != null && call.caller().canSeeUser(connection.username())) connections++;
        }
        List<NodeSample> samples = samples(call);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("management_version", ServerProperties.RABBITMQ_COMPATIBLE_VERSION);
        json.put("rates_mode", "basic");
        json.put("sample_retention_policies", Map.of("global", List.of(600, 3600, 28800, 86400), "basic", List.of(600, 3600),
                "detailed", List.of(600)));
        json.put("exchange_types", exchangeTypes());
        json.put("product_version", ServerProperties.PRODUCT_VERSION);
        json.put("product_name", ServerProperties.PRODUCT);
        json.put("rabbitmq_version", ServerProperties.RABBITMQ_COMPATIBLE_VERSION);
        json.put("cluster_name", context.clusterName());
        json.put("erlang_version", NodeInfo.ERLANG_VERSION_STAND_IN);
        json.put("erlang_full_version", NodeInfo.ERLANG_VERSION_STAND_IN);
        json.put("release_series_support_status", "supported");
        json.put("disable_stats", false);
        json.put("enable_queue_totals", false);
        Map<String, Object> messageStats = StatsJson.channelStats(
                c -> vhosts.stream().mapToLong(v -> v.statistics().total(c)).sum(), rates::nodeRate);
        addSamples(messageStats, samples);
        json.put("message_stats", messageStats);
        Map<String, Object> churn = new LinkedHashMap<>();
        long channelsOpened = vhosts.stream().mapToLong(v -> v.statistics().channelsOpened()).sum();
        long channelsClosed = vhosts.stream().mapToLong(v -> v.statistics().channelsClosed()).sum();
        long connectionsOpened = context.broker().connections().openedTotal();
        StatsJson.put(churn, "channel_closed", channelsClosed, 0.0);
        StatsJson.put(churn, "channel_created", channelsOpened, 0.0);
        StatsJson.put(churn, "connection_closed", connectionsOpened - context.broker().connections().size(), 0.0);
        StatsJson.put(churn, "connection_created", connectionsOpened, 0.0);
        json.put("churn_rates", churn);
        Map<String, Object> queueTotals = new LinkedHashMap<>();
        StatsJson.put(queueTotals, "messages", ready + unacked, rates.nodeMessagesRate(RateSampler.MESSAGES));
        StatsJson.put(queueTotals, "messages_ready", ready, rates.nodeMessagesRate(RateSampler.READY));
        StatsJson.put(queueTotals, "messages_unacknowledged", unacked, rates.nodeMessagesRate(RateSampler.UNACKED));
        addQueueSamples(queueTotals, samples);
        json.put("queue_totals", queueTotals);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("channels", channels);
        totals.put("connections", connections);
        totals.put("consumers", consumers);
        totals.put("exchanges", exchanges);
        totals.put("queues", queues);
        json.put("object_totals", totals);
        json.put("statistics_db_event_queue", 0);
        json.put("node", context.nodeName());
        json.put("listeners", NodeInfo.listeners(context));
        json.put("contexts", List.of(Map.of("node", context.nodeName(), "description", "RabbitMQ Management", "path", "/",
                "port", String.valueOf(context.httpListeners().isEmpty() ? 0 : context.httpListeners().get(0).address().getPort()))));
        json.put("alarms", NodeInfo.alarms(context.broker()));
        json.put("statistics_interval", rates.intervalMillis());
        return Call.ok(json);
    }

    /** The samples asked for with {@code msg_rates_age} (seconds), or none. */
    private List<NodeSample> samples(Call call) {
        String age = call.query("msg_rates_age");
        if (age == null) return List.of();
        long since;
        try {
            since = System.currentTimeMillis() - Long.parseLong(age) * 1000;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("msg_rates_age must be a number of seconds");
        }
        return context.sampler().history().stream().filter(s -> s.timestamp() >= since).toList();
    }

    @SuppressWarnings("unchecked")
    private static void addSamples(Map<String, Object> stats, List<NodeSample> samples) {
        if (samples.isEmpty()) return;
        for (ChannelCounter counter : ChannelCounter.values()) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = samples.size() - 1; i >= 0; i--) {
                points.add(Map.of("sample", samples.get(i).counters()[counter.ordinal()], "timestamp", samples.get(i).timestamp()));
            }
            Map<String, Object> details = new LinkedHashMap<>((Map<String, Object>) stats.get(counter.key() + "_details"));
            details.put("samples", points);
            stats.put(counter.key() + "_details", details);
        }
    }

    @SuppressWarnings("unchecked")
    private static void addQueueSamples(Map<String, Object> totals, List<NodeSample> samples) {
        if (samples.isEmpty()) return;
        String[] keys = {"messages", "messages_ready", "messages_unacknowledged"};
        for (int k = 0; k < keys.length; k++) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = samples.size() - 1; i >= 0; i--) {
                points.add(Map.of("sample", samples.get(i).messages()[k], "timestamp", samples.get(i).timestamp()));
            }
            Map<String, Object> details = new LinkedHashMap<>((Map<String, Object>) totals.get(keys[k] + "_details"));
            details.put("samples", points);
            totals.put(keys[k] + "_details", details);
        }
    }

    static List<Map<String, Object>> exchangeTypes() {
        return List.of(
                Map.of("name", "direct", "description", "AMQP direct exchange, as per the AMQP specification", "enabled", true),
                Map.of("name", "fanout", "description", "AMQP fanout exchange, as per the AMQP specification", "enabled", true),
                Map.of("name", "headers", "description", "AMQP headers exchange, as per the AMQP specification", "enabled", true),
                Map.of("name", "topic", "description", "AMQP topic exchange, as per the AMQP specification", "enabled", true),
                Map.of("name", "x-delayed-message", "description", "Delayed Message Exchange", "enabled", true));
    }
}
