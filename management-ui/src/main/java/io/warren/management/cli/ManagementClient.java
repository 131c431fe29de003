package io.warren.management.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warren.management.ControlToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * {@code warrenctl}'s way to the node: its management HTTP API. The node is {@code -n HOST:PORT}
 * (or a rabbitmqctl-style {@code name@host}), by default the local node on 15672. On a local node
 * it authenticates with the node's control token (see {@link ControlToken}), as rabbitmqctl does
 * with the Erlang cookie; otherwise, or with {@code --username}/{@code --password} (or
 * {@code WARRENCTL_USERNAME}/{@code WARRENCTL_PASSWORD}), with HTTP Basic credentials (guest/guest by default).
 */
final class ManagementClient {
    static final int DEFAULT_PORT = 15672;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final int port;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    /** An answer: status and body. */
    record Answer(int status, String body) {
        Object json() {
            try {
                return body.isEmpty() ? null : JSON.readValue(body, Object.class);
            } catch (IOException e) {
                throw new CtlException(ExitCode.SOFTWARE, "the node answered with something that is not JSON: " + body);
            }
        }

        /** The {@code reason} of an error body, or the body itself. */
        String reason() {
            return json() instanceof Map<?, ?> map && map.get("reason") != null ? String.valueOf(map.get("reason")) : body;
        }
    }

    ManagementClient(CtlOptions options, Map<String, String> environment) {
        String node = options.value("node", environment.getOrDefault("WARRENCTL_NODE", "127.0.0.1:" + DEFAULT_PORT));
        String target = node.contains("@") ? node.substring(node.indexOf('@') + 1) : node;
        int colon = target.lastIndexOf(':');
        if (colon > 0 && !target.endsWith("]")) {
            host = target.substring(0, colon);
            port = parsePort(target.substring(colon + 1));
        } else if (target.matches("\\d+")) {
            host = "localhost";
            port = parsePort(target);
        } else {
            host = target.isEmpty() ? "localhost" : target;
            port = DEFAULT_PORT;
        }
        timeout = Duration.ofSeconds(Math.max(1, options.timeoutSeconds()));
        String user = options.value("username", environment.get("WARRENCTL_USERNAME"));
        String password = options.value("password", environment.get("WARRENCTL_PASSWORD"));
        String token = user == null && isLocal(host) ? ControlToken.read(port).orElse(null) : null;
        if (token != null) {
            authorization = "Bearer " + token;
        } else {
            authorization = basic(user == null ? "guest" : user, password == null ? "guest" : password);
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(10, timeout.toSeconds()))).build();
    }

    /** The node as messages name it: {@code host:port}. */
    String node() {
        return host + ":" + port;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Answer get(String path) {
        return send("GET", path, null, authorization);
    }

    /** A GET with other credentials (authenticate_user). */
    Answer getAs(String path, String user, String password) {
        return send("GET", path, null, basic(user, password));
    }

    Answer put(String path, Object body) {
        return send("PUT", path, body, authorization);
    }

    Answer post(String path, Object body) {
        return send("POST", path, body, authorization);
    }

    Answer delete(String path) {
        return send("DELETE", path, null, authorization);
    }

    Answer delete(String path, Map<String, String> headers) {
        return send("DELETE", path, null, authorization, headers);
    }

    private Answer send(String method, String path, Object body, String auth) {
        return send(method, path, body, auth, Map.of());
    }

    private Answer send(String method, String path, Object body, String auth, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostForUri() + ":" + port + path))
                    .timeout(timeout).header("Authorization", auth).header("Content-Type", "application/json");
            headers.forEach(request::header);
            byte[] bytes = body == null ? null : body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
            request.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Answer answer = new Answer(response.statusCode(), response.body());
            if (answer.status() == 401 && !path.startsWith("/api/whoami")) {
                throw new CtlException(ExitCode.UNAVAILABLE, "Failed to authenticate to node " + node() + ": " + answer.reason()
                        + " (the node's control token was not found; give --username and --password)");
            }
            return answer;
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connection timed out");
        } catch (HttpTimeoutException e) {
            throw new CtlException(ExitCode.TEMP_FAIL, "operation timed out after " + timeout.toSeconds() + " seconds on node " + node());
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (IOException e) {
            throw unreachable(String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(ExitCode.TEMP_FAIL, "interrupted");
        }
    }

    private CtlException unreachable(String why) {
        return new CtlException(ExitCode.UNAVAILABLE, "unable to perform an operation on node '" + node()
                + "'. Please see diagnostics information and suggestions below.\n\n"
                + "DIAGNOSTICS\n===========\n\nattempted to contact: [" + node() + "]\n\n" + node() + ":\n"
                + "  * unable to connect to the management API: " + why + "\n\n"
                + "Is the node running? warrenctl talks to the node's management listener (management.tcp.port, 15672);\n"
                + "choose another with -n HOST:PORT.");
    }

    private String hostForUri() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw CtlException.usage("invalid node '" + text + "': expected HOST:PORT of the management listener");
        }
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
