package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/exchanges} and {@code /api/bindings}, including the properties-key form and publishing. */
class ExchangesAndBindingsApiTest extends SharedNodeTest {
    @Test
    void exchangesAreDeclaredShownAndDeleted() {
        var unknownType = http.put("/api/exchanges/%2F/apix", Map.of("type", "nosuch"));
        assertEquals(400, unknownType.status());
        assertEquals("unknown exchange type 'nosuch'", unknownType.object().get("reason"));
        assertEquals(201, http.put("/api/exchanges/%2F/apix", Map.of("type", "topic", "durable", true)).status());
        assertEquals(204, http.put("/api/exchanges/%2F/apix", Map.of("type", "topic", "durable", true)).status());
        Map<String, Object> shown = http.get("/api/exchanges/%2F/apix").object();
        assertEquals("topic", shown.get("type"));
        assertEquals(true, shown.get("durable"));
        assertEquals("/", shown.get("vhost"));
        Map<String, Object> defaultExchange = http.get("/api/exchanges/%2F/amq.default").object();
        assertEquals("", defaultExchange.get("name"));
        assertEquals("direct", defaultExchange.get("type"));
        List<String> names = http.get("/api/exchanges/%2F").list().stream().map(x -> (String) x.get("name")).toList();
        assertTrue(names.containsAll(List.of("", "amq.direct", "amq.topic", "apix")));
        assertEquals(204, http.delete("/api/exchanges/%2F/apix").status());
        assertEquals(404, http.get("/api/exchanges/%2F/apix").status());
    }

    @Test
    void systemExchangesCannotBeDeleted() {
        var refused = http.delete("/api/exchanges/%2F/amq.direct");
        assertEquals(401, refused.status());
        assertEquals(Map.of("error", "not_authorised", "reason", "Access refused."), refused.object());
    }

    @Test
    void bindingsAreCreatedNamedByPropertiesKeyAndDeleted() {
        http.put("/api/exchanges/%2F/bx", Map.of("type", "topic"));
        http.put("/api/queues/%2F/bq", Map.of("durable", false));
        var created = http.post("/api/bindings/%2F/e/bx/q/bq", Map.of("routing_key", "a.#", "arguments", Map.of()));
        assertEquals(201, created.status());
        assertEquals("bq/a.%2523", created.header("location"));
        List<Map<String, Object>> between = http.get("/api/bindings/%2F/e/bx/q/bq").list();
        assertEquals(List.of(Map.of("source", "bx", "vhost", "/", "destination", "bq", "destination_type", "queue",
                "routing_key", "a.#", "arguments", Map.of(), "properties_key", "a.%23")), between);
        assertEquals(200, http.get("/api/bindings/%2F/e/bx/q/bq/a.%2523").status());
        List<Map<String, Object>> ofQueue = http.get("/api/queues/%2F/bq/bindings").list();
        assertEquals(List.of("", "bx"), ofQueue.stream().map(b -> b.get("source")).toList());
        assertEquals("bq", ofQueue.get(0).get("routing_key"));
        assertEquals(1, http.get("/api/exchanges/%2F/bx/bindings/source").list().size());
        var routed = http.post("/api/exchanges/%2F/bx/publish", Map.of("properties", Map.of(), "routing_key", "a.b",
                "payload", "x", "payload_encoding", "string"));
        assertEquals(Map.of("routed", true), routed.object());
        var unrouted = http.post("/api/exchanges/%2F/bx/publish", Map.of("properties", Map.of(), "routing_key", "zzz",
                "payload", "x", "payload_encoding", "string"));
        assertEquals(Map.of("routed", false), unrouted.object());
        assertEquals(204, http.delete("/api/bindings/%2F/e/bx/q/bq/a.%2523").status());
        assertEquals(List.of(), http.get("/api/bindings/%2F/e/bx/q/bq").list());
        assertEquals(404, http.delete("/api/bindings/%2F/e/bx/q/bq/a.%2523").status());
    }

    @Test
    void bindingsWithArgumentsHaveAHashInTheirKey() {
        http.put("/api/exchanges/%2F/hx", Map.of("type", "headers"));
        http.put("/api/queues/%2F/hq", Map.of("durable", false));
        var created = http.post("/api/bindings/%2F/e/hx/q/hq", Map.of("routing_key", "", "arguments", Map.of("x-match", "all", "k", "v")));
        assertEquals(201, created.status());
        Map<String, Object> binding = http.get("/api/bindings/%2F/e/hx/q/hq").list().get(0);
        String key = (String) binding.get("properties_key");
        assertTrue(key.startsWith("~"), key);
        assertEquals(204, http.delete("/api/bindings/%2F/e/hx/q/hq/" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)).status());
    }

    @Test
    void exchangeToExchangeBindings() {
        http.put("/api/exchanges/%2F/src", Map.of("type", "fanout"));
        http.put("/api/exchanges/%2F/dst", Map.of("type", "fanout"));
        assertEquals(201, http.post("/api/bindings/%2F/e/src/e/dst", Map.of("routing_key", "")).status());
        List<Map<String, Object>> incoming = http.get("/api/exchanges/%2F/dst/bindings/destination").list();
        assertEquals(1, incoming.size());
        assertEquals("~", incoming.get(0).get("properties_key"));
        assertEquals(204, http.delete("/api/bindings/%2F/e/src/e/dst/~").status());
    }

    @Test
    void bindingsListCoversTheDefaultExchange() {
        http.put("/api/queues/%2F/listed", Map.of("durable", false));
        List<Map<String, Object>> all = http.get("/api/bindings").list();
        assertTrue(all.stream().anyMatch(b -> "".equals(b.get("source")) && "listed".equals(b.get("destination"))));
        assertEquals(404, http.get("/api/bindings/%2F/e/nosuch/q/listed").status());
    }
}
