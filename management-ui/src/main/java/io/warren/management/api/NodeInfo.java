package io.warren.management.api;

import io.warren.broker.Broker;
import io.warren.broker.connection.ServerProperties;
import io.warren.broker.resources.ResourceMonitor;
import io.warren.config.Listener;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts about the node shared by {@code /api/overview}, {@code /api/nodes}, the health checks and
 * {@code warrenctl status}: versions, listeners, memory and disk against their limits, alarms.
 */
final class NodeInfo {
    static final String ERLANG_VERSION_STAND_IN = "Java " + Runtime.version();
    private static final long STARTED_AT = ManagementFactory.getRuntimeMXBean().getStartTime();

    private NodeInfo() {}

    /** Every listener: AMQP, AMQPS, and the HTTP ones, as RabbitMQ's {@code listeners} objects. */
    static List<Map<String, Object>> listeners(ApiContext context) {
        Broker broker = context.broker();
        List<Map<String, Object>> listeners = new ArrayList<>();
        if (broker.running()) {
            broker.amqpAddresses().forEach(a -> listeners.add(listener(context, "amqp", a.getAddress().getHostAddress(), a.getPort())));
            broker.amqpsAddresses().forEach(a -> listeners.add(listener(context, "amqp/ssl", a.getAddress().getHostAddress(), a.getPort())));
        }
        for (ApiContext.ListenerInfo http : context.httpListeners()) {
            listeners.add(listener(context, http.protocol(), http.address().getAddress().getHostAddress(), http.address().getPort()));
        }
        return listeners;
    }

    private static Map<String, Object> listener(ApiContext context, String protocol, String ip, int port) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("node", context.nodeName());
        json.put("protocol", protocol);
        json.put("ip_address", ip.equals("0:0:0:0:0:0:0:0") ? "::" : ip);
        json.put("port", port);
        json.put("socket_opts", Map.of());
        return json;
    }

    /** The purpose RabbitMQ's {@code status} gives a listener's protocol. */
    static String purpose(String protocol) {
        return switch (protocol) {
            case "amqp" -> "AMQP 0-9-1 and AMQP 1.0";
            case "amqp/ssl" -> "AMQP 0-9-1 and AMQP 1.0 over TLS";
            case "http" -> "HTTP API";
            case "http/prometheus" -> "Prometheus exporter API over HTTP";
            default -> protocol;
        };
    }

    static long uptimeMillis() {
        return System.currentTimeMillis() - STARTED_AT;
    }

    /** The raised resource alarms, as RabbitMQ names them. */
    static List<String> alarms(Broker broker) {
        ResourceMonitor resources = broker.resources();
        List<String> alarms = new ArrayList<>();
        if (resources == null || !broker.running()) return alarms;
        if (resources.memoryAlarm()) alarms.add("memory");
        if (resources.diskAlarm()) alarms.add("disk");
        return alarms;
    }

    /** One node as {@code /api/nodes} shows it. */
    static Map<String, Object> node(ApiContext context) {
        Broker broker = context.broker();
        ResourceMonitor resources = broker.running() ? broker.resources() : null;
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("applications", List.of(Map.of("name", "rabbit", "description", "Warren", "version",
                ServerProperties.RABBITMQ_COMPATIBLE_VERSION)));
        json.put("auth_mechanisms", List.of(Map.of("name", "PLAIN", "enabled", true), Map.of("name", "AMQPLAIN", "enabled", true)));
        json.put("being_drained", false);
        json.put("config_files", List.of());
        json.put("db_dir", broker.config().dataDir().toAbsolutePath().normalize().toString());
        json.put("disk_free", resources == null ? 0 : resources.diskFree());
        json.put("disk_free_alarm", resources != null && resources.diskAlarm());
        json.put("disk_free_limit", resources == null ? 0 : resources.diskFreeLimitBytes());
        json.put("enabled_plugins", List.of("rabbitmq_management", "rabbitmq_prometheus"));
        json.put("exchange_types", OverviewApi.exchangeTypes());
        json.put("fd_total", 1_048_576);
        json.put("fd_used", 0);
        json.put("log_files", List.of("<stdout>"));
        json.put("mem_alarm", resources != null && resources.memoryAlarm());
        json.put("mem_calculation_strategy", "rss");
        json.put("mem_limit", resources == null ? runtime.maxMemory() : resources.memoryLimit());
        json.put("mem_used", resources == null ? runtime.totalMemory() - runtime.freeMemory() : resources.memoryUsed());
        json.put("name", context.nodeName());
        json.put("net_ticktime", 60);
        json.put("os_pid", String.valueOf(ProcessHandle.current().pid()));
        json.put("partitions", List.of());
        json.put("proc_total", 1_048_576);
        json.put("proc_used", Thread.activeCount());
        json.put("processors", runtime.availableProcessors());
        json.put("rates_mode", "basic");
        json.put("run_queue", 0);
        json.put("running", broker.running());
        json.put("sockets_total", 1_048_576);
        json.put("sockets_used", broker.running() ? broker.connections().size() : 0);
        json.put("type", "disc");
        json.put("uptime", uptimeMillis());
        return json;
    }

    /** The configured listener's address text, for status lines. */
    static String interfaceOf(Listener listener) {
        return listener.isAllInterfaces() ? "[::]" : listener.host();
    }
}
