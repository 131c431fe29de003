package io.warren.management.prometheus;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import io.warren.broker.Broker;
import io.warren.broker.connection.ServerProperties;
import io.warren.management.http.HttpHandler;
import io.warren.management.http.HttpRequest;
import io.warren.management.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Prometheus endpoint ({@code prometheus.tcp.port}, 15692, no authentication), through
 * Micrometer's Prometheus registry: {@code /metrics} with node-wide series under RabbitMQ's
 * metric names, {@code /metrics/per-object} adding one series per queue labelled {@code vhost}
 * and {@code queue}. The text format is the default; OpenMetrics and the protobuf format are
 * served when the scraper's {@code Accept} header asks for them.
 */
public final class PrometheusEndpoint implements HttpHandler {
    private final Broker broker;
    private final BrokerMetrics metrics;
    private final PrometheusMeterRegistry aggregated;

    public PrometheusEndpoint(Broker broker) {
        this.broker = broker;
        this.metrics = new BrokerMetrics(broker);
        this.aggregated = newRegistry();
        metrics.bindNode(aggregated, true);
    }

    private PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Info.builder().name("rabbitmq_build_info").help("RabbitMQ & Erlang/OTP version info")
                .labelNames("rabbitmq_version", "prometheus_plugin_version", "prometheus_client_version", "erlang_version", "product_name",
                        "product_version")
                .register(registry.getPrometheusRegistry())
                .addLabelValues(ServerProperties.RABBITMQ_COMPATIBLE_VERSION, ServerProperties.RABBITMQ_COMPATIBLE_VERSION,
                        "micrometer", "Java " + Runtime.version(), ServerProperties.PRODUCT, ServerProperties.PRODUCT_VERSION);
        Info.builder().name("rabbitmq_identity_info").help("RabbitMQ node & cluster identity info")
                .labelNames("rabbitmq_node", "rabbitmq_cluster")
                .register(registry.getPrometheusRegistry())
                .addLabelValues(broker.nodeName(), broker.config().clusterName().orElse(broker.nodeName()));
        return registry;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) return HttpResponse.empty(405);
        String accept = request.header("accept");
        return switch (request.path()) {
            case "/metrics" -> scrape(aggregated, accept, () -> metrics.refreshQueues());
            case "/metrics/per-object" -> perObject(accept);
            default -> HttpResponse.text(404, "text/plain; charset=utf-8", "Not Found");
        };
    }

    private synchronized HttpResponse perObject(String accept) {
        PrometheusMeterRegistry registry = newRegistry();
        try {
            metrics.bindNode(registry, false);
            metrics.bindQueues(registry, metrics.refreshQueues());
            return scrape(registry, accept, () -> {});
        } finally {
            registry.close();
        }
    }

    private synchronized HttpResponse scrape(PrometheusMeterRegistry registry, String accept, Runnable before) {
        before.run();
        String type = contentType(accept);
        if (type.startsWith("application/vnd.google.protobuf")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                registry.scrape(out, type);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new HttpResponse(200, type, out.toByteArray(), Map.of());
        }
        return new HttpResponse(200, type, registry.scrape(type).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The exposition format the scraper asked for; the text format unless it prefers another. */
    private static String contentType(String accept) {
        if (accept != null && accept.contains("application/vnd.google.protobuf")) {
            return "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
        }
        if (accept != null && accept.contains("application/openmetrics-text")) return "application/openmetrics-text; version=1.0.0; charset=utf-8";
        return "text/plain; version=0.0.4; charset=utf-8";
    }
}
