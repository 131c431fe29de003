package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/queues}: declare, show, list parameters, purge, delete and fetching messages. */
class QueuesApiTest extends SharedNodeTest {
    @Test
    void putCreatesThenReportsExistingAndRefusesInequivalentRedeclares() {
        assertEquals(201, http.put("/api/queues/%2F/apiq", Map.of("durable", true, "arguments", Map.of("x-max-length", 10))).status());
        assertEquals(204, http.put("/api/queues/%2F/apiq", Map.of("durable", true, "arguments", Map.of("x-max-length", 10))).status());
        var inequivalent = http.put("/api/queues/%2F/apiq", Map.of("durable", false));
        assertEquals(400, inequivalent.status());
        assertEquals(Map.of("error", "bad_request", "reason",
                "inequivalent arg 'durable' for queue 'apiq' in vhost '/': received 'false' but current is 'true'"), inequivalent.object());
    }

    @Test
    void badArgumentsAndMissingVhostsAreRefused() {
        var bad = http.put("/api/queues/%2F/badq", Map.of("arguments", Map.of("x-max-length", "abc")));
        assertEquals(400, bad.status());
        assertTrue(bad.object().get("reason").toString().startsWith("invalid arg 'x-max-length' for queue 'badq' in vhost '/'"),
                bad.body());
        var noVhost = http.put("/api/queues/nosuch/q", Map.of());
        assertEquals(404, noVhost.status());
        assertEquals(Map.of("error", "not_found", "reason", "vhost_not_found"), noVhost.object());
        assertEquals(400, http.put("/api/queues/%2F/jq", "{bad json").status());
        assertEquals("not_json", http.put("/api/queues/%2F/jq", "{bad json").object().get("reason"));
    }

    @Test
    void aQueueShowsRabbitMqsFields() {
        http.put("/api/queues/%2F/fields", Map.of("durable", false, "auto_delete", false));
        Map<String, Object> queue = http.get("/api/queues/%2F/fields").object();
        for (String field : List.of("name", "vhost", "durable", "auto_delete", "exclusive", "arguments", "state", "type", "policy",
                "consumers", "messages", "messages_ready", "messages_unacknowledged", "messages_details", "messages_ready_details",
                "messages_unacknowledged_details", "message_bytes", "memory", "message_stats", "node", "consumer_details")) {
            assertTrue(queue.containsKey(field), field);
        }
        assertEquals("classic", queue.get("type"));
        assertEquals("running", queue.get("state"));
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) queue.get("message_stats");
        assertTrue(stats.keySet().containsAll(List.of("publish", "publish_details", "deliver_get", "ack", "redeliver")));
        assertEquals(404, http.get("/api/queues/%2F/nope").status());
        assertEquals(Map.of("error", "Object Not Found", "reason", "Not Found"), http.get("/api/queues/%2F/nope").object());
    }

    @Test
    void publishedMessagesCanBeFetchedRequeuedAndAcknowledged() {
        http.put("/api/queues/%2F/getq", Map.of("durable", false));
        var published = http.post("/api/exchanges/%2F/amq.default/publish", Map.of("properties", Map.of("delivery_mode", 2,
                "headers", Map.of("h", 1), "content_type", "text/plain"), "routing_key", "getq", "payload", "hi", "payload_encoding", "string"));
        assertEquals(Map.of("routed", true), published.object());
        Map<String, Object> fetch = Map.of("count", 5, "ackmode", "ack_requeue_true", "encoding", "auto", "truncate", 50000);
        List<Map<String, Object>> first = http.post("/api/queues/%2F/getq/get", fetch).list();
        assertEquals(1, first.size());
        Map<String, Object> message = first.get(0);
        assertEquals("hi", message.get("payload"));
        assertEquals("string", message.get("payload_encoding"));
        assertEquals(2, message.get("payload_bytes"));
        assertEquals(false, message.get("redelivered"));
        assertEquals("", message.get("exchange"));
        assertEquals("getq", message.get("routing_key"));
        assertEquals(0, message.get("message_count"));
        assertEquals(Map.of("delivery_mode", 2, "headers", Map.of("h", 1), "content_type", "text/plain"), message.get("properties"));
        List<Map<String, Object>> again = http.post("/api/queues/%2F/getq/get", Map.of("count", 1, "ackmode", "ack_requeue_false",
                "encoding", "base64")).list();
        assertEquals(true, again.get(0).get("redelivered"));
        assertEquals("aGk=", again.get(0).get("payload"));
        assertEquals("base64", again.get(0).get("payload_encoding"));
        assertEquals(List.of(), http.post("/api/queues/%2F/getq/get", fetch).list());
    }

    @Test
    void fetchingNeedsAnAckModeAndAnEncodingAndAnExistingQueue() {
        var missing = http.post("/api/queues/%2F/getq2/get", Map.of("count", 5));
        assertEquals(400, missing.status());
        assertEquals("[{key_missing,ackmode},{key_missing,encoding}]", missing.object().get("reason"));
        var noQueue = http.post("/api/queues/%2F/nosuch/get", Map.of("count", 1, "ackmode", "ack_requeue_true", "encoding", "auto"));
        assertEquals(404, noQueue.status());
        assertEquals(Map.of("error", "not_found", "reason", "NOT_FOUND - no queue 'nosuch' in vhost '/'"), noQueue.object());
    }

    @Test
    void purgeEmptiesAndDeleteRemoves() {
        http.put("/api/queues/%2F/purgeq", Map.of("durable", false));
        for (int i = 0; i < 3; i++) {
            http.post("/api/exchanges/%2F/amq.default/publish", Map.of("properties", Map.of(), "routing_key", "purgeq",
                    "payload", "m" + i, "payload_encoding", "string"));
        }
        assertEquals(3, http.get("/api/queues/%2F/purgeq").object().get("messages"));
        assertEquals(204, http.delete("/api/queues/%2F/purgeq/contents").status());
        assertEquals(0, http.get("/api/queues/%2F/purgeq").object().get("messages"));
        assertEquals(204, http.delete("/api/queues/%2F/purgeq").status());
        assertEquals(404, http.delete("/api/queues/%2F/purgeq").status());
    }

    @Test
    void deleteCanRequireAnEmptyQueue() {
        http.put("/api/queues/%2F/notempty", Map.of("durable", false));
        http.post("/api/exchanges/%2F/amq.default/publish", Map.of("properties", Map.of(), "routing_key", "notempty",
                "payload", "x", "payload_encoding", "string"));
        var refused = http.delete("/api/queues/%2F/notempty?if-empty=true");
        assertEquals(400, refused.status());
        assertEquals("queue 'notempty' in vhost '/' not empty", refused.object().get("reason"));
    }

    @Test
    void listsTakeColumnsSortingAndPages() {
        for (String name : List.of("page-a", "page-b", "page-c", "other-d")) http.put("/api/queues/%2F/" + name, Map.of("durable", false));
        List<Map<String, Object>> columns = http.get("/api/queues/%2F?columns=name,messages&sort=name&sort_reverse=true").list();
        assertEquals(Map.of("name", columns.get(0).get("name"), "messages", 0).keySet(), columns.get(0).keySet());
        List<String> names = columns.stream().map(q -> (String) q.get("name")).toList();
        List<String> sorted = names.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        assertEquals(sorted, names);
        Map<String, Object> page = http.get("/api/queues?page=1&page_size=2&name=page-&columns=name").object();
        assertEquals(3, page.get("filtered_count"));
        assertEquals(2, page.get("item_count"));
        assertEquals(1, page.get("page"));
        assertEquals(2, page.get("page_count"));
        assertEquals(2, page.get("page_size"));
        assertEquals(List.of(Map.of("name", "page-a"), Map.of("name", "page-b")), page.get("items"));
        assertTrue((Integer) page.get("total_count") >= 4);
        Map<String, Object> regex = http.get("/api/queues?page=1&name=%5Epage-%5Bac%5D%24&use_regex=true&columns=name").object();
        assertEquals(List.of(Map.of("name", "page-a"), Map.of("name", "page-c")), regex.get("items"));
        var outOfRange = http.get("/api/queues?page=100&page_size=3");
        assertEquals(400, outOfRange.status());
        assertEquals("page_out_of_range", outOfRange.object().get("error"));
        assertTrue(outOfRange.object().get("reason").toString().startsWith("Page out of range, page: 100 page size: 3, len: "));
        var badPage = http.get("/api/queues?page=0");
        assertEquals(400, badPage.status());
        assertEquals("invalid_pagination_parameters", badPage.object().get("error"));
        assertEquals(400, http.get("/api/queues?page=1&page_size=1000").status());
    }
}
