package io.warren.management.api;

import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueStatus;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.http.HttpResponse;
import io.warren.management.stats.RateSampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/vhosts}: list, create ({@code PUT}, which also grants the creating user full
 * permissions there, as RabbitMQ does), show, delete (its queues go and its connections are
 * closed), and {@code {"tracing": true}} switching the firehose flag.
 */
final class VhostsApi {
    private final ApiContext context;

    VhostsApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/vhosts", this::list)
              .get("/api/vhosts/{name}", this::show)
              .put("/api/vhosts/{name}", this::create)
              .delete("/api/vhosts/{name}", this::delete);
    }

    private HttpResponse list(Call call) throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : context.vhosts().all()) {
            if (call.caller().canSee(vhost.name())) items.add(json(vhost));
        }
        return Call.ok(ListQuery.apply(items, call));
    }

    private HttpResponse show(Call call) throws Exception {
        VirtualHost vhost = context.vhostOrNotFound(call.param("name"));
        call.caller().requireVisible(vhost.name());
        return Call.ok(json(vhost));
    }

    private HttpResponse create(Call call) {
        call.caller().requireAdministrator();
        String name = call.param("name");
        Map<String, Object> body = call.body();
        boolean existed = context.vhosts().exists(name);
        context.vhosts().add(name);
        if (!existed && !call.caller().control() && context.users().user(call.caller().name()).isPresent()) {
            context.users().setPermissions(call.caller().name(), name, ".*", ".*", ".*");
        }
        if (body.containsKey("tracing")) context.vhosts().get(name).firehose().on(QueuesApi.flag(body, "tracing", false));
        return Call.createdOrExisted(!existed);
    }

    private HttpResponse delete(Call call) {
        call.caller().requireAdministrator();
        String name = call.param("name");
        if (context.vhosts().remove(name) == null) throw ApiException.notFound();
        context.users().clearVhost(name);
        for (AmqpConnection connection : context.broker().connections().snapshot()) {
            if (name.equals(connection.vhostName())) connection.forceClose("vhost '" + name + "' is deleted");
        }
        return HttpResponse.noContent();
    }

    private Map<String, Object> json(VirtualHost vhost) throws Exception {
        RateSampler rates = context.sampler();
        long ready = 0;
        long unacked = 0;
        for (ClassicQueue queue : vhost.queues()) {
            QueueStatus status = ApiContext.await(queue.status());
            ready += status.messagesReady();
            unacked += status.messagesUnacknowledged();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cluster_state", Map.of(context.nodeName(), "running"));
        json.put("default_queue_type", "undefined");
        json.put("description", vhost.name().equals("/") ? "Default virtual host" : "");
        json.put("message_stats", StatsJson.channelStats(c -> vhost.statistics().total(c), c -> rates.rate(vhost, c)));
        StatsJson.put(json, "messages", ready + unacked, rates.messagesRate(vhost, RateSampler.MESSAGES));
        StatsJson.put(json, "messages_ready", ready, rates.messagesRate(vhost, RateSampler.READY));
        StatsJson.put(json, "messages_unacknowledged", unacked, rates.messagesRate(vhost, RateSampler.UNACKED));
        json.put("metadata", Map.of("description", json.get("description"), "tags", List.of()));
        json.put("name", vhost.name());
        StatsJson.put(json, "recv_oct", 0, 0.0);
        StatsJson.put(json, "send_oct", 0, 0.0);
        json.put("tags", List.of());
        json.put("tracing", vhost.firehose().on());
        return json;
    }

}
