package io.warren.management.api;

import io.warren.broker.Broker;
import io.warren.broker.connection.ServerProperties;
import io.warren.broker.resources.ResourceMonitor;
import io.warren.config.Threshold;
import io.warren.management.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Warren's own endpoints under {@code /api/warren/} for the {@code warrenctl} commands that
 * RabbitMQ's HTTP API lacks (rabbitmqctl reaches them over Erlang distribution): {@code status},
 * {@code stop}, {@code stop_app}, {@code start_app}, and the memory and disk thresholds.
 * Administrators only; they answer while the broker application is stopped.
 */
final class NodeControlApi {
    private final ApiContext context;
    private final Runnable stopNode;

    /** @param stopNode stops the whole node (broker and services) once the answer has gone out */
    NodeControlApi(ApiContext context, Runnable stopNode) {
        this.context = context;
        this.stopNode = stopNode;
    }

    void register(Routes routes) {
        routes.always("GET", "/api/warren/status", this::status)
              .always("POST", "/api/warren/stop", this::stop)
              .always("POST", "/api/warren/stop_app", this::stopApp)
              .always("POST", "/api/warren/start_app", this::startApp)
              .put("/api/warren/vm_memory_high_watermark", call -> threshold(call, true))
              .put("/api/warren/disk_free_limit", call -> threshold(call, false));
    }

    private HttpResponse status(Call call) {
        call.caller().requireMonitor();
        Broker broker = context.broker();
        ResourceMonitor resources = broker.running() ? broker.resources() : null;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", ProcessHandle.current().pid());
        json.put("os", System.getProperty("os.name"));
        json.put("uptime", NodeInfo.uptimeMillis() / 1000);
        json.put("is_under_maintenance", false);
        json.put("rabbitmq_version", ServerProperties.RABBITMQ_COMPATIBLE_VERSION);
        json.put("product_name", ServerProperties.PRODUCT);
        json.put("product_version", ServerProperties.PRODUCT_VERSION);
        json.put("node_name", context.nodeName());
        json.put("erlang_version", NodeInfo.ERLANG_VERSION_STAND_IN);
        json.put("running", broker.running());
        json.put("data_directory", broker.config().dataDir().toAbsolutePath().normalize().toString());
        json.put("active_plugins", List.of("rabbitmq_management", "rabbitmq_prometheus"));
        json.put("alarms", NodeInfo.alarms(broker));
        json.put("memory_used", resources == null ? 0 : resources.memoryUsed());
        json.put("vm_memory_high_watermark", describe(broker.config().resources().memoryHighWatermark()));
        json.put("vm_memory_limit", resources == null ? 0 : resources.memoryLimit());
        json.put("disk_free", resources == null ? 0 : resources.diskFree());
        json.put("disk_free_limit", resources == null ? 0 : resources.diskFreeLimitBytes());
        json.put("listeners", NodeInfo.listeners(context).stream().map(l -> {
            Map<String, Object> out = new LinkedHashMap<>(l);
            out.put("purpose", NodeInfo.purpose((String) l.get("protocol")));
            return out;
        }).toList());
        json.put("processors", Runtime.getRuntime().availableProcessors());
        json.put("threads", Thread.activeCount());
        return Call.ok(json);
    }

    private HttpResponse stop(Call call) {
        call.caller().requireAdministrator();
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(stopNode);
        return HttpResponse.noContent();
    }

    private HttpResponse stopApp(Call call) {
        call.caller().requireAdministrator();
        context.broker().stopApp();
        return HttpResponse.noContent();
    }

    private HttpResponse startApp(Call call) throws Exception {
        call.caller().requireAdministrator();
        context.broker().startApp();
        return HttpResponse.noContent();
    }

    /** {@code {"relative": 0.4}} or {@code {"absolute": bytes}}. */
    private HttpResponse threshold(Call call, boolean memory) {
        call.caller().requireAdministrator();
        Map<String, Object> body = call.body();
        Threshold threshold;
        try {
            if (body.get("relative") instanceof Number n) threshold = new Threshold.Relative(n.doubleValue());
            else if (body.get("absolute") instanceof Number n) threshold = new Threshold.Absolute(n.longValue());
            else throw ApiException.badRequest("give \"relative\" (a fraction) or \"absolute\" (bytes)");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ResourceMonitor resources = context.broker().resources();
        if (memory) resources.memoryWatermark(threshold);
        else resources.diskFreeLimit(threshold);
        resources.check();
        return HttpResponse.noContent();
    }

    private static String describe(Threshold threshold) {
        return threshold instanceof Threshold.Relative r ? String.valueOf(r.fraction()) : String.valueOf(((Threshold.Absolute) threshold).bytes());
    }
}
