package io.warren.management.api;

import io.warren.broker.auth.PermissionDefinition;
import io.warren.broker.auth.TopicPermissionDefinition;
import io.warren.broker.auth.UserDatabaseSnapshot;
import io.warren.management.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code /api/permissions} and {@code /api/topic-permissions} (administrators only): list (all,
 * per vhost, per user), set ({@code PUT}) and clear ({@code DELETE}) a user's permissions in a vhost.
 */
final class PermissionsApi {
    private final ApiContext context;

    PermissionsApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/permissions", call -> permissions(call, p -> true))
              .get("/api/vhosts/{vhost}/permissions", call -> permissions(call, p -> p.vhost().equals(existingVhost(call))))
              .get("/api/users/{user}/permissions", call -> permissions(call, p -> p.user().equals(existingUser(call))))
              .get("/api/permissions/{vhost}/{user}", this::showPermission)
              .put("/api/permissions/{vhost}/{user}", this::setPermission)
              .delete("/api/permissions/{vhost}/{user}", this::clearPermission)
              .get("/api/topic-permissions", call -> topicPermissions(call, p -> true))
              .get("/api/vhosts/{vhost}/topic-permissions", call -> topicPermissions(call, p -> p.vhost().equals(existingVhost(call))))
              .get("/api/users/{user}/topic-permissions", call -> topicPermissions(call, p -> p.user().equals(existingUser(call))))
              .get("/api/topic-permissions/{vhost}/{user}", call -> topicPermissions(call,
                      p -> p.vhost().equals(existingVhost(call)) && p.user().equals(existingUser(call))))
              .put("/api/topic-permissions/{vhost}/{user}", this::setTopicPermission)
              .delete("/api/topic-permissions/{vhost}/{user}", this::clearTopicPermission);
    }

    private HttpResponse permissions(Call call, Predicate<PermissionDefinition> which) {
        call.caller().requireAdministrator();
        UserDatabaseSnapshot snapshot = context.users().snapshot();
        return Call.ok(snapshot.permissions().stream().filter(which).map(PermissionsApi::json).toList());
    }

    private HttpResponse showPermission(Call call) {
        call.caller().requireAdministrator();
        String vhost = existingVhost(call);
        String user = existingUser(call);
        return context.users().snapshot().permissions().stream()
                .filter(p -> p.vhost().equals(vhost) && p.user().equals(user)).findFirst()
                .map(p -> Call.ok(json(p))).orElseThrow(ApiException::notFound);
    }

    private HttpResponse setPermission(Call call) {
        call.caller().requireAdministrator();
        String vhost = call.param("vhost");
        if (!context.vhosts().exists(vhost)) throw ApiException.vhostNotFound();
        String user = call.param("user");
        if (context.users().user(user).isEmpty()) throw ApiException.badRequest("user_not_found");
        Map<String, Object> body = call.body();
        for (String key : List.of("configure", "write", "read")) {
            if (!body.containsKey(key)) throw ApiException.badRequest("[{key_missing," + key + "}]");
        }
        boolean existed = context.users().permissions(user, vhost) != null;
        context.users().setPermissions(user, vhost, String.valueOf(body.get("configure")), String.valueOf(body.get("write")),
                String.valueOf(body.get("read")));
        return Call.createdOrExisted(!existed);
    }

    private HttpResponse clearPermission(Call call) {
        call.caller().requireAdministrator();
        String vhost = existingVhost(call);
        String user = existingUser(call);
        if (context.users().permissions(user, vhost) == null) throw ApiException.notFound();
        context.users().clearPermissions(user, vhost);
        return HttpResponse.noContent();
    }

    private HttpResponse topicPermissions(Call call, Predicate<TopicPermissionDefinition> which) {
        call.caller().requireAdministrator();
        return Call.ok(context.users().snapshot().topicPermissions().stream().filter(which).map(PermissionsApi::json).toList());
    }

    private HttpResponse setTopicPermission(Call call) {
        call.caller().requireAdministrator();
        String vhost = call.param("vhost");
        if (!context.vhosts().exists(vhost)) throw ApiException.vhostNotFound();
        String user = call.param("user");
        if (context.users().user(user).isEmpty()) throw ApiException.badRequest("user_not_found");
        Map<String, Object> body = call.body();
        for (String key : List.of("exchange", "write", "read")) {
            if (!body.containsKey(key)) throw ApiException.badRequest("[{key_missing," + key + "}]");
        }
        String exchange = String.valueOf(body.get("exchange"));
        boolean existed = context.users().topicPermissions(user, vhost).containsKey(exchange);
        context.users().setTopicPermissions(user, vhost, exchange, String.valueOf(body.get("write")), String.valueOf(body.get("read")));
        return Call.createdOrExisted(!existed);
    }

    private HttpResponse clearTopicPermission(Call call) {
        call.caller().requireAdministrator();
        String vhost = existingVhost(call);
        String user = existingUser(call);
        if (context.users().topicPermissions(user, vhost).isEmpty()) throw ApiException.notFound();
        String exchange = call.query("exchange");
        if (exchange != null) context.users().clearTopicPermissions(user, vhost, exchange);
        else context.users().clearTopicPermissions(user, vhost);
        return HttpResponse.noContent();
    }

    private String existingVhost(Call call) {
        String vhost = call.param("vhost");
        if (!context.vhosts().exists(vhost)) throw ApiException.notFound();
        return vhost;
    }

    private String existingUser(Call call) {
        String user = call.param("user");
        if (context.users().user(user).isEmpty()) throw ApiException.notFound();
        return user;
    }

    static Map<String, Object> json(PermissionDefinition p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user", p.user());
        json.put("vhost", p.vhost());
        json.put("configure", p.configure());
        json.put("write", p.write());
        json.put("read", p.read());
        return json;
    }

    static Map<String, Object> json(TopicPermissionDefinition p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user", p.user());
        json.put("vhost", p.vhost());
        json.put("exchange", p.exchange());
        json.put("write", p.write());
        json.put("read", p.read());
        return json;
    }
}
