package io.warren.management.api;

import io.warren.broker.auth.Permission;
import io.warren.broker.definitions.FieldValuesJson;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/bindings}: list, create ({@code POST /api/bindings/{vhost}/e/{source}/q|e/{destination}},
 * answered 201 with a {@code Location} naming the new binding), show and delete one binding by its
 * properties key, and an exchange's bindings as source or destination.
 */
final class BindingsApi {
    private final ApiContext context;

    BindingsApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/bindings", this::list)
              .get("/api/bindings/{vhost}", this::list)
              .get("/api/bindings/{vhost}/e/{source}/q/{destination}", call -> between(call, "queue"))
              .get("/api/bindings/{vhost}/e/{source}/e/{destination}", call -> between(call, "exchange"))
              .post("/api/bindings/{vhost}/e/{source}/q/{destination}", call -> create(call, "queue"))
              .post("/api/bindings/{vhost}/e/{source}/e/{destination}", call -> create(call, "exchange"))
              .get("/api/bindings/{vhost}/e/{source}/q/{destination}/{props}", call -> one(call, "queue"))
              .get("/api/bindings/{vhost}/e/{source}/e/{destination}/{props}", call -> one(call, "exchange"))
              .delete("/api/bindings/{vhost}/e/{source}/q/{destination}/{props}", call -> remove(call, "queue"))
              .delete("/api/bindings/{vhost}/e/{source}/e/{destination}/{props}", call -> remove(call, "exchange"))
              .get("/api/exchanges/{vhost}/{name}/bindings/source", call -> ofExchange(call, "source"))
              .get("/api/exchanges/{vhost}/{name}/bindings/destination", call -> ofExchange(call, "destination"));
    }

    private HttpResponse list(Call call) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : Visibility.vhosts(context, call)) items.addAll(BindingJson.all(vhost));
        return Call.ok(items);
    }

    private HttpResponse between(Call call, String type) {
        VirtualHost vhost = visible(call);
        return Call.ok(matching(vhost, call, type));
    }

    private HttpResponse one(Call call, String type) {
        VirtualHost vhost = visible(call);
        return matching(vhost, call, type).stream().filter(b -> call.param("props").equals(b.get("properties_key")))
                .findFirst().map(Call::ok).orElseThrow(ApiException::notFound);
    }

    @SuppressWarnings("unchecked")
    private HttpResponse create(Call call, String type) {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        Exchange source = exchange(vhost, call.param("source"));
        Object destination = destination(vhost, type, call.param("destination"));
        call.caller().require(vhost.name(), Permission.WRITE, call.param("destination"));
        call.caller().require(vhost.name(), Permission.READ, source.isDefault() ? "amq.default" : source.name());
        Map<String, Object> body = call.body();
        String key = body.get("routing_key") == null ? "" : body.get("routing_key").toString();
        Object arguments = body.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) throw ApiException.badRequest("arguments must be an object");
        Map<String, Object> table = Tables.fromJson((Map<String, Object>) arguments);
        vhost.bind(source, destination, key, table, null);
        String props = BindingJson.propertiesKey(key, FieldValuesJson.toJson(table));
        return HttpResponse.empty(201).withHeader("Location",
                URLEncoder.encode(call.param("destination"), StandardCharsets.UTF_8) + "/"
                        + URLEncoder.encode(props, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private HttpResponse remove(Call call, String type) {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        Map<String, Object> found = matching(vhost, call, type).stream()
                .filter(b -> call.param("props").equals(b.get("properties_key"))).findFirst()
                .orElseThrow(ApiException::notFound);
        call.caller().require(vhost.name(), Permission.WRITE, call.param("destination"));
        call.caller().require(vhost.name(), Permission.READ, call.param("source").isEmpty() ? "amq.default" : call.param("source"));
        Exchange source = exchange(vhost, call.param("source"));
        vhost.unbind(source, destination(vhost, type, call.param("destination")), (String) found.get("routing_key"),
                Tables.fromJson((Map<String, Object>) found.get("arguments")), null);
        return HttpResponse.noContent();
    }

    private HttpResponse ofExchange(Call call, String side) {
        VirtualHost vhost = visible(call);
        String name = ExchangesApi.exchangeName(call.param("name"));
        exchange(vhost, call.param("name"));
        List<Map<String, Object>> items = BindingJson.all(vhost).stream()
                .filter(b -> side.equals("source") ? name.equals(b.get("source"))
                        : "exchange".equals(b.get("destination_type")) && name.equals(b.get("destination")))
                .toList();
        return Call.ok(items);
    }

    private List<Map<String, Object>> matching(VirtualHost vhost, Call call, String type) {
        String source = ExchangesApi.exchangeName(call.param("source"));
        exchange(vhost, call.param("source"));
        destination(vhost, type, call.param("destination"));
        return BindingJson.all(vhost).stream()
                .filter(b -> source.equals(b.get("source")) && type.equals(b.get("destination_type"))
                        && call.param("destination").equals(b.get("destination")))
                .toList();
    }

    private VirtualHost visible(Call call) {
        VirtualHost vhost = context.vhostOrNotFound(call.param("vhost"));
        call.caller().requireVisible(vhost.name());
        return vhost;
    }

    private static Exchange exchange(VirtualHost vhost, String name) {
        Exchange exchange = vhost.exchangeOrNull(ExchangesApi.exchangeName(name));
        if (exchange == null) throw ApiException.notFound();
        return exchange;
    }

    private static Object destination(VirtualHost vhost, String type, String name) {
        Object destination = type.equals("queue") ? vhost.queueOrNull(name) : vhost.exchangeOrNull(ExchangesApi.exchangeName(name));
        if (destination == null) throw ApiException.notFound();
        return destination;
    }
}
