package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aliveness test and the health checks, with RabbitMQ's bodies and 503 for a failed check. */
class HealthApiTest {
    @Test
    void checksAnswerOkOr503() throws Exception {
        try (ManagementBroker node = ManagementBroker.start()) {
            var http = node.http();
            assertEquals(Map.of("status", "ok"), http.get("/api/aliveness-test/%2F").object());
            assertEquals(404, http.get("/api/aliveness-test/nosuch").status());
            assertEquals(Map.of("status", "ok"), http.get("/api/health/checks/alarms").object());
            assertEquals(Map.of("status", "ok"), http.get("/api/health/checks/virtual-hosts").object());
            int amqp = node.broker().amqpAddresses().get(0).getPort();
            assertEquals(Map.of("status", "ok", "port", amqp), http.get("/api/health/checks/port-listener/" + amqp).object());
            var missing = http.get("/api/health/checks/port-listener/1");
            assertEquals(503, missing.status());
            assertEquals("failed", missing.object().get("status"));
            assertEquals("No active listener", missing.object().get("reason"));
            assertEquals(Map.of("status", "ok", "protocol", "amqp"), http.get("/api/health/checks/protocol-listener/amqp").object());
            assertEquals(503, http.get("/api/health/checks/protocol-listener/stomp").status());
        }
    }

    @Test
    void theAlarmCheckFailsWhileAnAlarmIsRaised() throws Exception {
        try (ManagementBroker node = ManagementBroker.start()) {
            var http = node.http();
            assertEquals(204, http.put("/api/warren/disk_free_limit", Map.of("absolute", Long.MAX_VALUE / 2)).status());
            var failed = http.get("/api/health/checks/alarms");
            assertEquals(503, failed.status());
            assertEquals("There are alarms in effect in the cluster", failed.object().get("reason"));
            assertEquals(204, http.put("/api/warren/disk_free_limit", Map.of("absolute", 1)).status());
            assertEquals(200, http.get("/api/health/checks/alarms").status());
        }
    }
}
