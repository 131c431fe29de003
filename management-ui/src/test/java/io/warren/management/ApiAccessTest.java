package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logging in to the API and what each user tag allows, with RabbitMQ's status codes and error bodies. */
class ApiAccessTest {
    static ManagementBroker node;

    @BeforeAll
    static void start() throws Exception {
        node = ManagementBroker.start();
        var admin = node.http();
        assertEquals(201, admin.put("/api/users/mon", Map.of("password", "mon", "tags", "monitoring")).status());
        assertEquals(201, admin.put("/api/users/mgmt", Map.of("password", "mgmt", "tags", "management")).status());
        assertEquals(201, admin.put("/api/users/pm", Map.of("password", "pm", "tags", List.of("policymaker"))).status());
        assertEquals(201, admin.put("/api/users/plain", Map.of("password", "plain", "tags", "")).status());
        assertEquals(201, admin.put("/api/permissions/%2F/mgmt", Map.of("configure", ".*", "write", ".*", "read", ".*")).status());
        assertEquals(201, admin.put("/api/permissions/%2F/pm", Map.of("configure", ".*", "write", ".*", "read", ".*")).status());
        assertEquals(201, admin.put("/api/vhosts/private", Map.of()).status());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void withoutCredentialsTheAnswerIs401WithABasicChallenge() {
        var reply = new ManagementBroker.Http(node.baseUrl(), null, null).get("/api/overview");
        assertEquals(401, reply.status());
        assertEquals("Basic realm=\"RabbitMQ Management\"", reply.header("www-authenticate"));
        assertEquals(Map.of("error", "not_authorized", "reason", "Login failed"), reply.object());
    }

    @Test
    void aWrongPasswordIs401LoginFailed() {
        var reply = node.http("guest", "wrong").get("/api/overview");
        assertEquals(401, reply.status());
        assertEquals("Login failed", reply.object().get("reason"));
    }

    @Test
    void aUserWithoutAManagementTagMayNotUseTheApi() {
        var reply = node.http("plain", "plain").get("/api/overview");
        assertEquals(401, reply.status());
        assertEquals(Map.of("error", "not_authorised", "reason", "Not management user"), reply.object());
    }

    @Test
    void onlyAdministratorsManageUsers() {
        for (String user : List.of("mon", "mgmt", "pm")) {
            var reply = node.http(user, user).get("/api/users");
            assertEquals(401, reply.status(), user);
            assertEquals("Not administrator user", reply.object().get("reason"));
        }
        assertEquals(200, node.http().get("/api/users").status());
    }

    @Test
    void monitorsSeeNodesAndEveryVhostButChangeNothing() {
        assertEquals(200, node.http("mon", "mon").get("/api/nodes").status());
        assertEquals(401, node.http("mgmt", "mgmt").get("/api/nodes").status());
        assertEquals("Not monitor user", node.http("mgmt", "mgmt").get("/api/nodes").object().get("reason"));
        assertEquals(200, node.http("mon", "mon").get("/api/queues/private").status());
        var refused = node.http("mon", "mon").put("/api/queues/%2F/monq", Map.of());
        assertEquals(401, refused.status());
        assertEquals("User not authorised to access virtual host", refused.object().get("reason"));
    }

    @Test
    void managementUsersSeeOnlyTheirVhosts() {
        var mgmt = node.http("mgmt", "mgmt");
        assertEquals(401, mgmt.get("/api/queues/private").status());
        List<Map<String, Object>> vhosts = mgmt.get("/api/vhosts").list();
        assertEquals(List.of("/"), vhosts.stream().map(v -> v.get("name")).toList());
        assertEquals(201, mgmt.put("/api/queues/%2F/mgmt-q", Map.of("durable", false)).status());
        assertEquals(Map.of("name", "mgmt", "tags", List.of("management")), mgmt.get("/api/whoami").object());
    }

    @Test
    void policiesNeedThePolicymakerTag() {
        var body = Map.of("pattern", "^p", "definition", Map.of("max-length", 1));
        var refused = node.http("mgmt", "mgmt").put("/api/policies/%2F/p-mgmt", body);
        assertEquals(401, refused.status());
        assertEquals("User not authorised to access object", refused.object().get("reason"));
        assertEquals(201, node.http("pm", "pm").put("/api/policies/%2F/p-pm", body).status());
        assertEquals(204, node.http("pm", "pm").delete("/api/policies/%2F/p-pm").status());
    }

    @Test
    void permissionRegexesApplyToApiOperations() {
        var admin = node.http();
        admin.put("/api/users/narrow", Map.of("password", "narrow", "tags", "management"));
        admin.put("/api/permissions/%2F/narrow", Map.of("configure", "^n-", "write", "^n-", "read", "^n-"));
        var narrow = node.http("narrow", "narrow");
        assertEquals(201, narrow.put("/api/queues/%2F/n-queue", Map.of()).status());
        var refused = narrow.put("/api/queues/%2F/other", Map.of());
        assertEquals(401, refused.status());
        assertEquals("Access refused.", refused.object().get("reason"));
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        var reply = node.http().get("/api/bogus/path");
        assertEquals(404, reply.status());
        assertEquals(Map.of("error", "Object Not Found", "reason", "Not Found"), reply.object());
        assertEquals(405, node.http().send("PATCH", "/api/queues/%2F/q", "{}").status());
    }

    @Test
    void theOverviewAlwaysHasTheSectionsCollectorsNeed() {
        Map<String, Object> overview = node.http().get("/api/overview").object();
        for (String key : List.of("object_totals", "queue_totals", "message_stats", "listeners", "churn_rates")) {
            assertNotNull(overview.get(key), key);
        }
        assertEquals("3.10.8", overview.get("rabbitmq_version"));
        assertEquals("Warren", overview.get("product_name"));
        assertEquals(node.broker().nodeName(), overview.get("node"));
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) overview.get("object_totals");
        assertTrue(totals.keySet().containsAll(List.of("channels", "connections", "consumers", "exchanges", "queues")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) overview.get("listeners");
        assertTrue(listeners.stream().anyMatch(l -> "amqp".equals(l.get("protocol"))));
        assertTrue(listeners.stream().anyMatch(l -> "http".equals(l.get("protocol"))
                && Integer.valueOf(node.managementPort()).equals(l.get("port"))));
    }

    @Test
    void smallEndpointsAnswerAsRabbitMq() {
        var http = node.http();
        assertEquals(Map.of("name", node.broker().nodeName()), http.get("/api/cluster-name").object());
        assertEquals(List.of(), http.get("/api/extensions").parse());
        assertEquals(false, http.get("/api/auth").object().get("enable_uaa"));
        Map<String, Object> nodeInfo = http.get("/api/nodes").list().get(0);
        assertEquals(node.broker().nodeName(), nodeInfo.get("name"));
        assertEquals(true, nodeInfo.get("running"));
        assertEquals(200, http.get("/api/nodes/" + node.broker().nodeName()).status());
    }
}
