package io.warren.management.api;

import io.warren.broker.auth.Permission;
import io.warren.broker.definitions.FieldValuesJson;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.GetResult;
import io.warren.broker.queue.QueueEntry;
import io.warren.broker.queue.QueueStatus;
import io.warren.broker.stats.ChannelStats;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.http.HttpResponse;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /api/queues}: list, declare ({@code PUT}), show, delete, purge ({@code DELETE .../contents}),
 * fetch messages ({@code POST .../get}) and a queue's bindings.
 */
final class QueuesApi {
    private static final Set<String> ACK_MODES = Set.of("ack_requeue_true", "ack_requeue_false", "reject_requeue_true",
            "reject_requeue_false");

    private final ApiContext context;

    QueuesApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/queues", this::list)
              .get("/api/queues/{vhost}", this::list)
              .get("/api/queues/{vhost}/{name}", this::show)
              .put("/api/queues/{vhost}/{name}", this::declare)
              .delete("/api/queues/{vhost}/{name}", this::delete)
              .delete("/api/queues/{vhost}/{name}/contents", this::purge)
              .post("/api/queues/{vhost}/{name}/get", this::get)
              .get("/api/queues/{vhost}/{name}/bindings", this::bindings);
    }

    private HttpResponse list(Call call) throws Exception {
        List<VirtualHost> vhosts = Visibility.vhosts(context, call);
        Map<ClassicQueue, CompletableFuture<QueueStatus>> statuses = new IdentityHashMap<>();
        for (VirtualHost vhost : vhosts) for (ClassicQueue queue : vhost.queues()) statuses.put(queue, queue.status());
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : vhosts) {
            for (ClassicQueue queue : vhost.queues()) {
                if (queue.deleted()) continue;
                QueueStatus status = ApiContext.await(statuses.get(queue));
                items.add(QueueJson.of(context, vhost, queue, status));
            }
        }
        return Call.ok(ListQuery.apply(items, call));
    }

    private HttpResponse show(Call call) throws Exception {
        VirtualHost vhost = context.vhostOrNotFound(call.param("vhost"));
        call.caller().requireVisible(vhost.name());
        ClassicQueue queue = existing(vhost, call.param("name"));
        List<Map<String, Object>> consumers = new ArrayList<>();
        for (ChannelStats channel : vhost.statistics().channels()) {
            for (Map<String, Object> consumer : ConnectionJson.consumers(context, channel)) {
                if (queue.name().equals(((Map<?, ?>) consumer.get("queue")).get("name"))) {
                    Map<String, Object> detail = new LinkedHashMap<>(consumer);
                    consumers.add(detail);
                }
            }
        }
        return Call.ok(QueueJson.detailed(context, vhost, queue, ApiContext.await(queue.status()), consumers));
    }

    @SuppressWarnings("unchecked")
    private HttpResponse declare(Call call) {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        String name = call.param("name");
        call.caller().requireVhostAccess(vhost.name());
        call.caller().require(vhost.name(), Permission.CONFIGURE, name);
        Map<String, Object> body = call.body();
        if (name.isEmpty()) throw ApiException.badRequest("queue name must not be empty");
        Object arguments = body.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) throw ApiException.badRequest("arguments must be an object");
        boolean existed = vhost.queueOrNull(name) != null;
        vhost.declareQueue(name, false, flag(body, "durable", true), false, flag(body, "auto_delete", false),
                Tables.fromJson((Map<String, Object>) arguments), null, null, false, null);
        return Call.createdOrExisted(!existed);
    }

    private HttpResponse delete(Call call) throws Exception {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        ClassicQueue queue = existing(vhost, call.param("name"));
        call.caller().require(vhost.name(), Permission.CONFIGURE, queue.name());
        ApiContext.await(vhost.deleteQueue(queue, "true".equals(call.query("if-unused")), "true".equals(call.query("if-empty"))));
        return HttpResponse.noContent();
    }

    private HttpResponse purge(Call call) throws Exception {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        ClassicQueue queue = existing(vhost, call.param("name"));
        call.caller().require(vhost.name(), Permission.READ, queue.name());
        ApiContext.await(queue.purge());
        return HttpResponse.noContent();
    }

    /** Fetches up to {@code count} messages; with a requeue mode they all go back once fetched, marked redelivered. */
    private HttpResponse get(Call call) throws Exception {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        Map<String, Object> body = call.body();
        List<String> missing = new ArrayList<>();
        if (!body.containsKey("ackmode")) missing.add("{key_missing,ackmode}");
        if (!body.containsKey("encoding")) missing.add("{key_missing,encoding}");
        if (!missing.isEmpty()) throw ApiException.badRequest("[" + String.join(",", missing) + "]");
        String ackMode = String.valueOf(body.get("ackmode"));
        if (!ACK_MODES.contains(ackMode)) throw ApiException.badRequest("Unknown ackmode: " + ackMode);
        String encoding = String.valueOf(body.get("encoding"));
        if (!encoding.equals("auto") && !encoding.equals("base64")) throw ApiException.badRequest("Unknown encoding: " + encoding);
        int count = number(body.get("count"), 1);
        int truncate = body.get("truncate") == null ? -1 : number(body.get("truncate"), -1);
        ClassicQueue queue = vhost.queueOrNull(call.param("name"));
        if (queue == null) {
            throw new ApiException(404, "not_found", "NOT_FOUND - no queue '" + call.param("name") + "' in vhost '" + vhost.name() + "'");
        }
        call.caller().require(vhost.name(), Permission.READ, queue.name());
        List<Map<String, Object>> messages = new ArrayList<>();
        List<QueueEntry> taken = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                GetResult result = ApiContext.await(queue.get(false));
                QueueEntry entry = result.entry();
                if (entry == null) break;
                taken.add(entry);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("payload_bytes", 0);
                json.put("redelivered", entry.redelivered());
                json.put("exchange", entry.message().exchange());
                json.put("routing_key", entry.message().routingKey());
                json.put("message_count", result.remaining());
                json.put("properties", MessageJson.properties(entry.message().properties()));
                MessageJson.payload(json, entry.message().body(), encoding, truncate);
                messages.add(json);
            }
        } finally {
            if (!taken.isEmpty()) {
                switch (ackMode) {
                    case "ack_requeue_true", "reject_requeue_true" -> queue.requeue(taken);
                    case "ack_requeue_false" -> queue.settle(taken);
                    default -> queue.discard(taken);
                }
            }
        }
        return Call.ok(messages);
    }

    private HttpResponse bindings(Call call) {
        VirtualHost vhost = context.vhostOrNotFound(call.param("vhost"));
        call.caller().requireVisible(vhost.name());
        ClassicQueue queue = existing(vhost, call.param("name"));
        List<Map<String, Object>> items = BindingJson.all(vhost).stream()
                .filter(b -> "queue".equals(b.get("destination_type")) && queue.name().equals(b.get("destination")))
                .toList();
        return Call.ok(items);
    }

    private static ClassicQueue existing(VirtualHost vhost, String name) {
        ClassicQueue queue = vhost.queueOrNull(name);
        if (queue == null) throw ApiException.notFound();
        return queue;
    }

    static boolean flag(Map<String, Object> body, String key, boolean otherwise) {
        Object value = body.get(key);
        if (value == null) return otherwise;
        if (value instanceof Boolean b) return b;
        if ("true".equals(value) || "false".equals(value)) return Boolean.parseBoolean(value.toString());
        throw ApiException.badRequest(key + " must be true or false");
    }

    static int number(Object value, int otherwise) {
        if (value == null) return otherwise;
        if (value instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("not a number: " + value);
        }
    }
}
