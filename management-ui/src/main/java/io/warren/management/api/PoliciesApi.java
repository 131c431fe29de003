package io.warren.management.api;

import io.warren.broker.policy.Policies;
import io.warren.broker.policy.Policy;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/policies}: list, set ({@code PUT}, validated with RabbitMQ's messages) and clear, for
 * policymakers with access to the vhost. Operator policies and runtime parameters, which Warren
 * does not have, list as empty.
 */
final class PoliciesApi {
    private final ApiContext context;

    PoliciesApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/policies", this::list)
              .get("/api/policies/{vhost}", this::list)
              .get("/api/policies/{vhost}/{name}", this::show)
              .put("/api/policies/{vhost}/{name}", this::set)
              .delete("/api/policies/{vhost}/{name}", this::clear)
              .get("/api/operator-policies", call -> Call.ok(List.of()))
              .get("/api/operator-policies/{vhost}", call -> Call.ok(List.of()))
              .get("/api/parameters", call -> Call.ok(List.of()))
              .get("/api/parameters/{component}", call -> Call.ok(List.of()))
              .get("/api/parameters/{component}/{vhost}", call -> Call.ok(List.of()))
              .get("/api/global-parameters", call -> Call.ok(List.of(Map.of("name", "cluster_name", "value", context.clusterName()))));
    }

    private HttpResponse list(Call call) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (VirtualHost vhost : Visibility.vhosts(context, call)) {
            for (Policy policy : vhost.policies()) items.add(json(policy));
        }
        return Call.ok(ListQuery.apply(items, call));
    }

    private HttpResponse show(Call call) {
        VirtualHost vhost = context.vhostOrNotFound(call.param("vhost"));
        call.caller().requireVisible(vhost.name());
        Policy policy = vhost.policy(call.param("name"));
        if (policy == null) throw ApiException.notFound();
        return Call.ok(json(policy));
    }

    @SuppressWarnings("unchecked")
    private HttpResponse set(Call call) {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        call.caller().requirePolicymaker();
        Map<String, Object> body = call.body();
        for (String key : List.of("pattern", "definition")) {
            if (!body.containsKey(key)) throw ApiException.badRequest("[{key_missing," + key + "}]");
        }
        if (!(body.get("definition") instanceof Map<?, ?> definition)) throw ApiException.badRequest("definition must be an object");
        Object applyTo = body.get("apply-to");
        int priority = QueuesApi.number(body.get("priority"), 0);
        boolean existed = vhost.policy(call.param("name")) != null;
        vhost.setPolicy(Policies.validate(vhost.name(), call.param("name"), String.valueOf(body.get("pattern")),
                applyTo == null ? "all" : applyTo.toString(), priority, (Map<String, Object>) definition));
        return Call.createdOrExisted(!existed);
    }

    private HttpResponse clear(Call call) {
        VirtualHost vhost = context.vhost(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        call.caller().requirePolicymaker();
        if (!vhost.clearPolicy(call.param("name"))) throw ApiException.notFound();
        return HttpResponse.noContent();
    }

    static Map<String, Object> json(Policy policy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("vhost", policy.vhost());
        json.put("name", policy.name());
        json.put("pattern", policy.pattern());
        json.put("apply-to", policy.applyTo().text());
        json.put("definition", policy.definition());
        json.put("priority", policy.priority());
        return json;
    }
}
