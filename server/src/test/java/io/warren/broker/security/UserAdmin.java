package io.warren.broker.security;

import io.warren.broker.TestBroker;
import io.warren.broker.auth.UserDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Creates users and sets permissions on the broker under test: through {@link UserDatabase} on an in-process
 * Warren, through the management HTTP API on an external broker (RabbitMQ's, port from
 * {@value #MANAGEMENT_PORT_PROPERTY}, default 15673), so the same security tests run against both.
 * Users it created are deleted by {@link #close()}.
 */
abstract class UserAdmin implements AutoCloseable {
    static final String MANAGEMENT_PORT_PROPERTY = "warren.test.external.management.port";

    private final List<String> created = new ArrayList<>();

    static UserAdmin of(TestBroker broker) {
        return broker.isExternal() ? new Http(Integer.getInteger(MANAGEMENT_PORT_PROPERTY, 15673))
                : new InProcess(broker.broker().users());
    }

    final void addUser(String name, String password) {
        created.add(name);
        add(name, password);
    }

    abstract void add(String name, String password);

    abstract void deleteUser(String name);

    abstract void setPermissions(String user, String vhost, String configure, String write, String read);

    abstract void clearPermissions(String user, String vhost);

    abstract void setTopicPermissions(String user, String vhost, String exchange, String write, String read);

    abstract void clearTopicPermissions(String user, String vhost);

    @Override
    public void close() {
        for (String name : created) {
            try {
                deleteUser(name);
            } catch (RuntimeException alreadyGone) {
                // deleted by the test itself
            }
        }
    }

    private static final class InProcess extends UserAdmin {
        private final UserDatabase users;

        InProcess(UserDatabase users) {
            this.users = users;
        }

        @Override void add(String name, String password) { users.addUser(name, password, List.of()); }
        @Override void deleteUser(String name) { users.deleteUser(name); }
        @Override void setPermissions(String user, String vhost, String c, String w, String r) { users.setPermissions(user, vhost, c, w, r); }
        @Override void clearPermissions(String user, String vhost) { users.clearPermissions(user, vhost); }
        @Override void setTopicPermissions(String user, String vhost, String x, String w, String r) {
            users.setTopicPermissions(user, vhost, x, w, r);
        }
        @Override void clearTopicPermissions(String user, String vhost) { users.clearTopicPermissions(user, vhost); }
    }

    private static final class Http extends UserAdmin {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;

        Http(int port) {
            this.base = "http://127.0.0.1:" + port + "/api/";
        }

        @Override void add(String name, String password) {
            send("PUT", "users/" + enc(name), "{\"password\":\"" + password + "\",\"tags\":\"\"}");
        }
        @Override void deleteUser(String name) { send("DELETE", "users/" + enc(name), null); }
        @Override void setPermissions(String user, String vhost, String c, String w, String r) {
            send("PUT", "permissions/" + enc(vhost) + "/" + enc(user),
                    "{\"configure\":" + json(c) + ",\"write\":" + json(w) + ",\"read\":" + json(r) + "}");
        }
        @Override void clearPermissions(String user, String vhost) {
            send("DELETE", "permissions/" + enc(vhost) + "/" + enc(user), null);
        }
        @Override void setTopicPermissions(String user, String vhost, String x, String w, String r) {
            send("PUT", "topic-permissions/" + enc(vhost) + "/" + enc(user),
                    "{\"exchange\":" + json(x) + ",\"write\":" + json(w) + ",\"read\":" + json(r) + "}");
        }
        @Override void clearTopicPermissions(String user, String vhost) {
            send("DELETE", "topic-permissions/" + enc(vhost) + "/" + enc(user), null);
        }

        private void send(String method, String path, String body) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 300) throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }

        private static String json(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
