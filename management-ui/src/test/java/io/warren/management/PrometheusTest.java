package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_3_25_3.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus endpoint, read by real exposition-format parsers: the protobuf format through
 * Prometheus' own generated {@code MetricFamily} classes, and the text format through the parser of
 * Prometheus' Python client ({@code prometheus_client.parser}, Debian's python3-prometheus-client;
 * that part is skipped, saying so, where it is not installed).
 */
class PrometheusTest {
    private static final String PYTHON = "/usr/bin/python3";
    static ManagementBroker node;
    static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        node = ManagementBroker.start();
        connection = node.amqp().newConnection();
        Channel channel = connection.createChannel();
        channel.queueDeclare("prom-q", true, false, false, null);
        channel.confirmSelect();
        for (int i = 0; i < 3; i++) channel.basicPublish("", "prom-q", null, "hello".getBytes());
        channel.waitForConfirmsOrDie(5000);
        node.http().put("/api/vhosts/other", Map.of());
        node.http().put("/api/queues/other/prom-q", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        node.close();
    }

    @Test
    void theProtobufFormatParsesWithRabbitMqsMetricNames() throws Exception {
        Map<String, Metrics.MetricFamily> families = protobuf("/metrics");
        for (String name : List.of("rabbitmq_queue_messages_ready", "rabbitmq_queue_messages_unacked", "rabbitmq_queue_messages",
                "rabbitmq_queue_consumers", "rabbitmq_connections", "rabbitmq_channels", "rabbitmq_queues", "rabbitmq_consumers",
                "rabbitmq_connections_opened_total", "rabbitmq_channel_messages_published_total",
                "rabbitmq_channel_messages_confirmed_total", "rabbitmq_channel_messages_delivered_total",
                "rabbitmq_channel_messages_acked_total", "rabbitmq_process_resident_memory_bytes",
                "rabbitmq_resident_memory_limit_bytes", "rabbitmq_disk_space_available_bytes",
                "rabbitmq_alarms_memory_used_watermark", "rabbitmq_alarms_free_disk_space_watermark")) {
            assertTrue(families.containsKey(name) || families.containsKey(name.replaceFirst("_total$", "")), name + " in " + families.keySet());
        }
        assertEquals(3.0, gauge(families.get("rabbitmq_queue_messages_ready")));
        assertEquals(1.0, gauge(families.get("rabbitmq_connections")));
        assertEquals(2.0, gauge(families.get("rabbitmq_queues")));
        Metrics.MetricFamily published = families.getOrDefault("rabbitmq_channel_messages_published",
                families.get("rabbitmq_channel_messages_published_total"));
        assertEquals(Metrics.MetricType.COUNTER, published.getType());
        assertEquals(3.0, published.getMetric(0).getCounter().getValue());
    }

    @Test
    void perObjectMetricsAreLabelledWithVhostAndQueue() throws Exception {
        Map<String, Metrics.MetricFamily> families = protobuf("/metrics/per-object");
        Metrics.MetricFamily ready = families.get("rabbitmq_queue_messages_ready");
        Map<String, Double> byQueue = new HashMap<>();
        for (Metrics.Metric metric : ready.getMetricList()) {
            Map<String, String> labels = new HashMap<>();
            metric.getLabelList().forEach(l -> labels.put(l.getName(), l.getValue()));
            byQueue.put(labels.get("vhost") + "|" + labels.get("queue"), metric.getGauge().getValue());
        }
        assertEquals(Map.of("/|prom-q", 3.0, "other|prom-q", 0.0), byQueue);
    }

    @Test
    void theTextFormatParsesWithPrometheusOwnPythonParser() throws Exception {
        assumeTrue(pythonParserAvailable(), "skipped: Debian's python3-prometheus-client (the Prometheus text parser) is not "
                + "installed; .ci/run installs it (apt-get install python3-prometheus-client)");
        for (String path : List.of("/metrics", "/metrics/per-object")) {
            Path text = Files.createTempFile("metrics", ".txt");
            Files.writeString(text, scrape(path, "text/plain"));
            String script = "import sys, json\nfrom prometheus_client.parser import text_string_to_metric_families\n"
                    + "out = {}\n"
                    + "for f in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
                    + "    for s in f.samples:\n"
                    + "        out.setdefault(s.name, []).append([s.labels, s.value])\n"
                    + "print(json.dumps(out))\n";
            Process process = new ProcessBuilder(PYTHON, "-c", script, text.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), output);
            @SuppressWarnings("unchecked")
            Map<String, List<List<Object>>> samples = ManagementBroker.JSON.readValue(output, Map.class);
            assertTrue(samples.containsKey("rabbitmq_channel_messages_published_total"), samples.keySet().toString());
            assertTrue(samples.containsKey("rabbitmq_build_info"), samples.keySet().toString());
            assertTrue(samples.containsKey("rabbitmq_identity_info"), samples.keySet().toString());
            if (path.endsWith("per-object")) {
                assertTrue(samples.get("rabbitmq_queue_messages_ready").contains(List.of(Map.of("vhost", "/", "queue", "prom-q"), 3.0)),
                        samples.get("rabbitmq_queue_messages_ready").toString());
            } else {
                assertEquals(List.of(List.of(Map.of(), 3.0)), samples.get("rabbitmq_queue_messages_ready"));
            }
            Files.delete(text);
        }
    }

    @Test
    void theTextFormatIsTheDefaultAndNeedsNoLogin() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.prometheusPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(response.body().contains("# TYPE rabbitmq_queue_messages_ready gauge"), response.body());
        assertTrue(response.body().contains("rabbitmq_build_info{"), response.body());
    }

    private static double gauge(Metrics.MetricFamily family) {
        return family.getMetric(0).getGauge().getValue();
    }

    private static Map<String, Metrics.MetricFamily> protobuf(String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.prometheusPort() + path))
                .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        Map<String, Metrics.MetricFamily> families = new HashMap<>();
        ByteArrayInputStream in = new ByteArrayInputStream(response.body());
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) families.put(family.getName(), family);
        return families;
    }

    private static String scrape(String path, String accept) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.prometheusPort() + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean pythonParserAvailable() {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser").redirectErrorStream(true).start();
            return process.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
