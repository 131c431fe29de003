package io.warren.management.api;

import io.netty.buffer.Unpooled;
import io.warren.broker.auth.Permission;
import io.warren.broker.definitions.FieldValuesJson;
import io.warren.broker.message.Message;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueDelivery;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.Router;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.BasicProperties;
import io.warren.management.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/exchanges}: list, declare ({@code PUT}), show, delete and publish a message. */
final class ExchangesApi {
    /** The name the API uses for the default exchange in paths. */
    static final String DEFAULT = "amq.default";

    private final ApiContext context;

    ExchangesApi(ApiContext context) {
        this.context = context;
    }

    /** {@code amq.default} in a path is the default exchange (named "" inside). */
    static String exchangeName(String pathName) {
        return DEFAULT.equals(pathName) ? "" : pathName;
    }

    void register(Routes routes) {
        routes.get("/api/exchanges", this::list)
              .get("/api/exchanges/{vhost}", this::list)
              .get("/api/exchanges/{vhost}/{name}", this::show)
              .put("/api/exchanges/{vhost}/{name}", this::declare)
              .delete("/api/exchanges/{vhost}/{name}", this::delete)
              .post("/api/exchanges/{vhost}/{name}/publish", this::publish);
    }

    private HttpResponse list(Call call) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : Visibility.vhosts(context, call)) {
            for (Exchange exchange : vhost.exchanges()) items.add(json(vhost, exchange));
        }
        return Call.ok(ListQuery.apply(items, call));
    }

    private HttpResponse show(Call call) {
        VirtualHost vhost = context.vhostOrNotFound(call.param("vhost"));
        call.caller().requireVisible(vhost.name());
        Map<String, Object> json = json(vhost, existing(vhost, call.param("name")));
        json.put("incoming", List.of());
        json.put("outgoing", List.of());
        return Call.ok(json);
    }

    @SuppressWarnings("unchecked")
    private HttpResponse declare(Call call) {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        String name = exchangeName(call.param("name"));
        call.caller().require(vhost.name(), Permission.CONFIGURE, name.isEmpty() ? DEFAULT : name);
        Map<String, Object> body = call.body();
        Object type = body.get("type");
        if (type == null) throw ApiException.badRequest("[{key_missing,type}]");
        Object arguments = body.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) throw ApiException.badRequest("arguments must be an object");
        boolean existed = vhost.exchangeOrNull(name) != null;
        vhost.declareExchange(name, type.toString(), false, QueuesApi.flag(body, "durable", true),
                QueuesApi.flag(body, "auto_delete", false), QueuesApi.flag(body, "internal", false),
                Tables.fromJson((Map<String, Object>) arguments), null);
        return Call.createdOrExisted(!existed);
    }

    private HttpResponse delete(Call call) {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        Exchange exchange = existing(vhost, call.param("name"));
        call.caller().require(vhost.name(), Permission.CONFIGURE, exchange.isDefault() ? DEFAULT : exchange.name());
        vhost.deleteExchange(exchange.name(), "true".equals(call.query("if-unused")), null);
        return HttpResponse.noContent();
    }

    /** Routes one message as basic.publish would; answers {@code {"routed": true|false}}. */
    private HttpResponse publish(Call call) {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        Exchange exchange = existing(vhost, call.param("name"));
        call.caller().require(vhost.name(), Permission.WRITE, exchange.isDefault() ? DEFAULT : exchange.name());
        Map<String, Object> body = call.body();
        for (String key : List.of("routing_key", "payload", "payload_encoding", "properties")) {
            if (!body.containsKey(key)) throw ApiException.badRequest("[{key_missing," + key + "}]");
        }
        String routingKey = String.valueOf(body.get("routing_key"));
        BasicProperties properties = MessageJson.properties(body.get("properties"));
        byte[] payload = MessageJson.payloadBytes(body.get("payload"), body.get("payload_encoding"));
        if (exchange.internal()) throw ApiException.badRequest("cannot publish to internal exchange '" + exchange.name() + "'");
        List<ClassicQueue> queues = new ArrayList<>(new Router().route(vhost, exchange, List.of(routingKey), properties.headers()));
        boolean routed = !queues.isEmpty();
        if (routed) {
            Message message = new Message(exchange.name(), routingKey, properties, Unpooled.wrappedBuffer(payload));
            new QueueDelivery(vhost.persistence()).deliver(message, queues, null);
        }
        return Call.ok(Map.of("routed", routed));
    }

    private Map<String, Object> json(VirtualHost vhost, Exchange exchange) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("arguments", FieldValuesJson.toJson(exchange.arguments()));
        json.put("auto_delete", exchange.autoDelete());
        json.put("durable", exchange.durable());
        json.put("internal", exchange.internal());
        long in = exchange.stats().publishIn();
        long out = exchange.stats().publishOut();
        if (in > 0 || out > 0) {
            Map<String, Object> stats = new LinkedHashMap<>();
            StatsJson.put(stats, "publish_in", in, context.sampler().rate(exchange, 0));
            StatsJson.put(stats, "publish_out", out, context.sampler().rate(exchange, 1));
            json.put("message_stats", stats);
        }
        json.put("name", exchange.name());
        if (exchange.policy() != null) json.put("policy", exchange.policy().name());
        json.put("type", exchange.type());
        json.put("user_who_performed_action", "rmq-internal");
        json.put("vhost", vhost.name());
        return json;
    }

    private static Exchange existing(VirtualHost vhost, String pathName) {
        Exchange exchange = vhost.exchangeOrNull(exchangeName(pathName));
        if (exchange == null) throw ApiException.notFound();
        return exchange;
    }
}
