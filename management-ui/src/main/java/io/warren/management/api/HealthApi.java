package io.warren.management.api;

import io.netty.buffer.Unpooled;
import io.warren.broker.message.Message;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.GetResult;
import io.warren.broker.queue.QueueDelivery;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.BasicProperties;
import io.warren.management.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/aliveness-test/{vhost}} (declares the {@code aliveness-test} queue, publishes to it
 * and fetches the message back) and the health checks: alarms, virtual hosts, and whether a port
 * or protocol has a listener. A failed check answers 503 with {@code {"status": "failed", "reason"}}.
 */
final class HealthApi {
    private final ApiContext context;

    HealthApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/aliveness-test/{vhost}", this::aliveness)
              .get("/api/health/checks/alarms", this::alarms)
              .get("/api/health/checks/local-alarms", this::alarms)
              .get("/api/health/checks/virtual-hosts", call -> ok(Map.of()))
              .get("/api/health/checks/node-is-mirror-sync-critical", call -> ok(Map.of()))
              .get("/api/health/checks/node-is-quorum-critical", call -> ok(Map.of()))
              .get("/api/health/checks/certificate-expiration/{within}/{unit}", call -> ok(Map.of()))
              .get("/api/health/checks/port-listener/{port}", this::portListener)
              .get("/api/health/checks/protocol-listener/{protocol}", this::protocolListener);
    }

    private HttpResponse aliveness(Call call) throws Exception {
        VirtualHost vhost = context.vhostOrNotFound(call.param("vhost"));
        call.caller().requireVhostAccess(vhost.name());
        ClassicQueue queue = vhost.declareQueue("aliveness-test", false, false, false, false, Map.of(), null, null, true, null);
        Message message = new Message("", queue.name(), BasicProperties.EMPTY,
                Unpooled.wrappedBuffer("test_message".getBytes(StandardCharsets.UTF_8)));
        new QueueDelivery(null).deliver(message, List.of(queue), null);
        GetResult result = ApiContext.await(queue.get(true));
        if (result.entry() == null) return failed(Map.of("reason", "aliveness test failed: the message did not come back"));
        result.entry().message().release();
        return ok(Map.of());
    }

    private HttpResponse alarms(Call call) {
        call.caller().requireMonitor();
        List<String> alarms = NodeInfo.alarms(context.broker());
        if (alarms.isEmpty()) return ok(Map.of());
        List<Map<String, Object>> details = new ArrayList<>();
        for (String alarm : alarms) details.add(Map.of("node", context.nodeName(), "resource", alarm));
        return failed(Map.of("reason", "There are alarms in effect in the cluster", "alarms", details));
    }

    private HttpResponse portListener(Call call) {
        int port;
        try {
            port = Integer.parseInt(call.param("port"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid port: " + call.param("port"));
        }
        List<Integer> ports = NodeInfo.listeners(context).stream().map(l -> (Integer) l.get("port")).toList();
        if (ports.contains(port)) return ok(Map.of("port", port));
        return failed(Map.of("reason", "No active listener", "missing", port, "ports", ports));
    }

    private HttpResponse protocolListener(Call call) {
        String protocol = call.param("protocol");
        List<String> protocols = NodeInfo.listeners(context).stream().map(l -> (String) l.get("protocol")).distinct().toList();
        if (protocols.contains(protocol)) return ok(Map.of("protocol", protocol));
        return failed(Map.of("reason", "No active listener", "missing", protocol, "protocols", protocols));
    }

    private static HttpResponse ok(Map<String, Object> extra) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "ok");
        json.putAll(extra);
        return Call.ok(json);
    }

    private static HttpResponse failed(Map<String, Object> extra) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "failed");
        json.putAll(extra);
        return HttpResponse.json(503, Json.write(json));
    }
}
