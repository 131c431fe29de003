package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Users, vhosts, permissions, topic permissions and policies through the API. */
class AdminApiTest extends SharedNodeTest {
    @Test
    void usersAreCreatedUpdatedAndDeleted() {
        assertEquals(201, http.put("/api/users/carol", Map.of("password", "pw1", "tags", "monitoring,management")).status());
        Map<String, Object> carol = http.get("/api/users/carol").object();
        assertEquals(List.of("monitoring", "management"), carol.get("tags"));
        assertEquals("rabbit_password_hashing_sha256", carol.get("hashing_algorithm"));
        assertEquals(Map.of(), carol.get("limits"));
        assertEquals(204, http.put("/api/users/carol", Map.of("password", "pw2", "tags", "administrator")).status());
        assertEquals(401, node.http("carol", "pw1").get("/api/whoami").status());
        assertEquals(List.of("administrator"), node.http("carol", "pw2").get("/api/whoami").object().get("tags"));
        assertEquals(204, http.put("/api/users/carol", Map.of("password_hash", carol.get("password_hash"), "tags", "management")).status());
        assertEquals(200, node.http("carol", "pw1").get("/api/whoami").status(), "the password hash was put back");
        assertEquals(204, http.delete("/api/users/carol").status());
        assertEquals(404, http.get("/api/users/carol").status());
        assertEquals(404, http.delete("/api/users/carol").status());
    }

    @Test
    void permissionsAreSetListedAndCleared() {
        http.put("/api/users/dave", Map.of("password", "dave", "tags", ""));
        assertEquals(201, http.put("/api/permissions/%2F/dave", Map.of("configure", "^d-", "write", ".*", "read", ".*")).status());
        assertEquals(204, http.put("/api/permissions/%2F/dave", Map.of("configure", "^d-", "write", "^w", "read", ".*")).status());
        assertEquals(Map.of("user", "dave", "vhost", "/", "configure", "^d-", "write", "^w", "read", ".*"),
                http.get("/api/permissions/%2F/dave").object());
        assertTrue(http.get("/api/users/dave/permissions").list().size() == 1);
        assertTrue(http.get("/api/vhosts/%2F/permissions").list().stream().anyMatch(p -> "dave".equals(p.get("user"))));
        assertEquals(404, http.put("/api/permissions/nosuch/dave", Map.of("configure", "", "write", "", "read", "")).status());
        assertEquals(400, http.put("/api/permissions/%2F/dave", Map.of("configure", ".*")).status());
        assertEquals(204, http.delete("/api/permissions/%2F/dave").status());
        assertEquals(404, http.get("/api/permissions/%2F/dave").status());
    }

    @Test
    void topicPermissions() {
        http.put("/api/users/erin", Map.of("password", "erin", "tags", ""));
        assertEquals(201, http.put("/api/topic-permissions/%2F/erin", Map.of("exchange", "amq.topic", "write", "^w", "read", "^r")).status());
        assertEquals(List.of(Map.of("user", "erin", "vhost", "/", "exchange", "amq.topic", "write", "^w", "read", "^r")),
                http.get("/api/topic-permissions/%2F/erin").list());
        assertEquals(204, http.delete("/api/topic-permissions/%2F/erin").status());
        assertEquals(List.of(), http.get("/api/users/erin/topic-permissions").list());
    }

    @Test
    void vhostsAreCreatedWithTheCreatorsPermissionsAndDeletedWithTheirConnections() throws Exception {
        assertEquals(201, http.put("/api/vhosts/vx", Map.of()).status());
        assertEquals(204, http.put("/api/vhosts/vx", Map.of()).status());
        assertEquals(Map.of("user", "guest", "vhost", "vx", "configure", ".*", "write", ".*", "read", ".*"),
                http.get("/api/permissions/vx/guest").object());
        Map<String, Object> vhost = http.get("/api/vhosts/vx").object();
        for (String key : List.of("name", "messages", "messages_ready", "messages_unacknowledged", "message_stats", "tracing",
                "cluster_state")) {
            assertTrue(vhost.containsKey(key), key);
        }
        var factory = node.amqp();
        factory.setVirtualHost("vx");
        Connection connection = factory.newConnection();
        connection.createChannel().queueDeclare("in-vx", true, false, false, null);
        assertEquals(204, http.delete("/api/vhosts/vx").status());
        ManagementBroker.eventually(() -> !connection.isOpen());
        assertEquals(404, http.get("/api/vhosts/vx").status());
        assertEquals(404, http.delete("/api/vhosts/vx").status());
        assertEquals(404, http.get("/api/queues/vx/in-vx").status());
    }

    @Test
    void policiesAreValidatedAndApplied() {
        http.put("/api/queues/%2F/limited-q", Map.of("durable", false));
        var body = Map.of("pattern", "^limited", "definition", Map.of("max-length", 5), "apply-to", "queues", "priority", 1);
        assertEquals(201, http.put("/api/policies/%2F/p1", body).status());
        assertEquals(204, http.put("/api/policies/%2F/p1", body).status());
        assertEquals(Map.of("vhost", "/", "name", "p1", "pattern", "^limited", "apply-to", "queues", "definition", Map.of("max-length", 5),
                "priority", 1), http.get("/api/policies/%2F/p1").object());
        assertEquals("p1", http.get("/api/queues/%2F/limited-q").object().get("policy"));
        assertEquals(Map.of("max-length", 5), http.get("/api/queues/%2F/limited-q").object().get("effective_policy_definition"));
        var invalid = http.put("/api/policies/%2F/p2", Map.of("pattern", "x", "definition", Map.of("bogus", 5)));
        assertEquals(400, invalid.status());
        assertTrue(invalid.object().get("reason").toString().startsWith("Validation failed"), invalid.body());
        assertEquals(1, http.get("/api/policies").list().size());
        assertEquals(204, http.delete("/api/policies/%2F/p1").status());
        assertEquals(404, http.delete("/api/policies/%2F/p1").status());
        assertEquals(List.of(), http.get("/api/parameters").list());
    }
}
