package io.warren.management.api;

import io.warren.broker.auth.PasswordHashing;
import io.warren.broker.auth.UserAdminException;
import io.warren.broker.auth.UserDatabase;
import io.warren.broker.auth.UserDatabaseSnapshot;
import io.warren.broker.auth.UserDefinition;
import io.warren.management.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/users} (administrators only): list, create or update ({@code PUT} with
 * {@code password} or {@code password_hash} and {@code tags}), show, delete, and
 * {@code /api/whoami} for any management user.
 */
final class UsersApi {
    private final ApiContext context;

    UsersApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/users", this::list)
              .get("/api/users/without-permissions", this::withoutPermissions)
              .get("/api/users/{name}", this::show)
              .put("/api/users/{name}", this::put)
              .delete("/api/users/{name}", this::delete)
              .post("/api/users/bulk-delete", this::bulkDelete)
              .get("/api/whoami", call -> Call.ok(Map.of("name", call.caller().name(), "tags", call.caller().tags())));
    }

    private HttpResponse list(Call call) {
        call.caller().requireAdministrator();
        List<Map<String, Object>> items = new ArrayList<>();
        for (UserDefinition user : context.users().users()) items.add(json(user));
        return Call.ok(ListQuery.apply(items, call));
    }

    private HttpResponse withoutPermissions(Call call) {
        call.caller().requireAdministrator();
        UserDatabaseSnapshot snapshot = context.users().snapshot();
        List<Map<String, Object>> items = snapshot.users().stream()
                .filter(u -> snapshot.permissions().stream().noneMatch(p -> p.user().equals(u.name())))
                .map(UsersApi::json).toList();
        return Call.ok(items);
    }

    private HttpResponse show(Call call) {
        call.caller().requireAdministrator();
        return Call.ok(json(context.users().user(call.param("name")).orElseThrow(ApiException::notFound)));
    }

    private HttpResponse put(Call call) {
        call.caller().requireAdministrator();
        String name = call.param("name");
        Map<String, Object> body = call.body();
        List<String> tags = tags(body.get("tags"));
        Object password = body.get("password");
        Object hash = body.get("password_hash");
        String algorithm = body.get("hashing_algorithm") == null ? PasswordHashing.DEFAULT.algorithmName()
                : body.get("hashing_algorithm").toString();
        UserDatabase users = context.users();
        boolean exists = users.user(name).isPresent();
        if (!exists) {
            if (password != null) {
                users.addUser(name, password.toString(), tags);
            } else {
                PasswordHashing hashing = PasswordHashing.named(algorithm)
                        .orElseThrow(() -> ApiException.badRequest("unknown hashing algorithm '" + algorithm + "'"));
                users.addUserWithHash(name, hash == null ? "" : hash.toString(), hashing, tags);
            }
            return HttpResponse.empty(201);
        }
        if (password != null) users.changePassword(name, password.toString());
        if (hash != null) replaceHash(users, name, hash.toString(), algorithm);
        if (body.containsKey("tags")) users.setTags(name, tags);
        return HttpResponse.noContent();
    }

    private HttpResponse delete(Call call) {
        call.caller().requireAdministrator();
        try {
            context.users().deleteUser(call.param("name"));
        } catch (UserAdminException e) {
            throw ApiException.notFound();
        }
        return HttpResponse.noContent();
    }

    private HttpResponse bulkDelete(Call call) {
        call.caller().requireAdministrator();
        Object users = call.body().get("users");
        if (!(users instanceof List<?> names)) throw ApiException.badRequest("[{key_missing,users}]");
        for (Object name : names) {
            if (context.users().user(String.valueOf(name)).isPresent()) context.users().deleteUser(String.valueOf(name));
        }
        return HttpResponse.noContent();
    }

    private static void replaceHash(UserDatabase users, String name, String hash, String algorithm) {
        if (PasswordHashing.named(algorithm).isEmpty()) throw ApiException.badRequest("unknown hashing algorithm '" + algorithm + "'");
        UserDatabaseSnapshot snapshot = users.snapshot();
        List<UserDefinition> updated = snapshot.users().stream()
                .map(u -> u.name().equals(name) ? new UserDefinition(name, hash, algorithm, u.tags()) : u).toList();
        users.restore(new UserDatabaseSnapshot(updated, snapshot.permissions(), snapshot.topicPermissions()));
    }

    /** Tags as RabbitMQ accepts them: a comma-separated string or a list. */
    static List<String> tags(Object tags) {
        if (tags instanceof List<?> list) return list.stream().map(String::valueOf).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (tags == null || tags.toString().isBlank()) return List.of();
        return Arrays.stream(tags.toString().split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    static Map<String, Object> json(UserDefinition user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", user.name());
        json.put("password_hash", user.passwordHash());
        json.put("hashing_algorithm", user.hashingAlgorithm());
        json.put("tags", user.tags());
        json.put("limits", Map.of());
        return json;
    }
}
