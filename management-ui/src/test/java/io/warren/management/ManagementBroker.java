package io.warren.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.Broker;
import io.warren.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A Warren node for one test: AMQP, management and Prometheus on free loopback ports, a fresh data
 * directory, statistics sampled every second. {@link #http} talks to its API as guest by default.
 */
final class ManagementBroker implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Broker broker;
    private final Path dataDir;
    private final ManagementService service;

    private ManagementBroker(Broker broker, Path dataDir) {
        this.broker = broker;
        this.dataDir = dataDir;
        this.service = broker.service(ManagementService.class).orElseThrow();
    }

    static ManagementBroker start(String... settings) throws Exception {
        Path dataDir = Files.createTempDirectory("warren-mgmt-test");
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(),
                "--set", "management.tcp.port=0", "--set", "management.tcp.ip=127.0.0.1", "--set", "prometheus.tcp.port=0",
                "--set", "prometheus.tcp.ip=127.0.0.1", "--set", "collect_statistics_interval=1000"));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        return new ManagementBroker(new Broker(ConfigLoader.load(args.toArray(String[]::new), Map.of())).start(), dataDir);
    }

    Broker broker() {
        return broker;
    }

    ManagementService service() {
        return service;
    }

    int managementPort() {
        return service.managementAddress().getPort();
    }

    int prometheusPort() {
        return service.prometheusAddress().getPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + managementPort();
    }

    /** An amqp-client factory for this node, as guest. */
    ConnectionFactory amqp() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpAddresses().get(0).getPort());
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    Http http() {
        return new Http(baseUrl(), "guest", "guest");
    }

    Http http(String user, String password) {
        return new Http(baseUrl(), user, password);
    }

    /** Takes a statistics sample now (the sampler also runs every second). */
    void sample() {
        service.sampler().sample();
    }

    @Override
    public void close() throws IOException {
        broker.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Waits up to 10 s for a condition. */
    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(50);
        }
    }

    /** A small HTTP client for the API: JSON in, status and JSON out. */
    static final class Http {
        private static final HttpClient CLIENT = HttpClient.newHttpClient();
        private final String base;
        private final String authorization;

        Http(String base, String user, String password) {
            this.base = base;
            this.authorization = user == null ? null
                    : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        Reply get(String path) {
            return send("GET", path, null);
        }

        Reply put(String path, Object body) {
            return send("PUT", path, body);
        }

        Reply post(String path, Object body) {
            return send("POST", path, body);
        }

        Reply delete(String path) {
            return send("DELETE", path, null);
        }

        Reply send(String method, String path, Object body) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
                if (authorization != null) request.header("Authorization", authorization);
                byte[] bytes = body == null ? null : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
                request.header("Content-Type", "application/json");
                request.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.body(), response.headers().map());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An HTTP answer. */
    record Reply(int status, String body, Map<String, List<String>> headers) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            return (Map<String, Object>) parse();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list() {
            return (List<Map<String, Object>>) parse();
        }

        Object parse() {
            try {
                return JSON.readValue(body, Object.class);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }
}
