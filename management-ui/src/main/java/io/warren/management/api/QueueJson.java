package io.warren.management.api;

import io.warren.broker.definitions.FieldValuesJson;
import io.warren.broker.policy.Policy;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueStatus;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.stats.RateSampler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A queue as {@code /api/queues} shows it, field for field as RabbitMQ 3.10 (Erlang-only fields left out). */
final class QueueJson {
    /** Memory a queue takes beyond its message bodies, and per message, roughly. */
    private static final long BASE_MEMORY = 8_192;
    private static final long PER_MESSAGE_MEMORY = 96;

    private QueueJson() {}

    static Map<String, Object> of(ApiContext context, VirtualHost vhost, ClassicQueue queue, QueueStatus status) {
        RateSampler rates = context.sampler();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("arguments", FieldValuesJson.toJson(queue.arguments()));
        json.put("auto_delete", queue.autoDelete());
        int messages = status.messagesReady() + status.messagesUnacknowledged();
        Map<String, Object> backing = new LinkedHashMap<>();
        backing.put("mode", queue.settings().queueMode());
        backing.put("len", status.messagesReady());
        backing.put("version", 1);
        json.put("backing_queue_status", backing);
        json.put("consumer_capacity", status.consumers() > 0 ? 1.0 : 0);
        json.put("consumer_utilisation", status.consumers() > 0 ? 1.0 : 0);
        json.put("consumers", status.consumers());
        json.put("durable", queue.durable());
        String policyName = queue.settings().policy();
        Policy policy = policyName == null ? null : vhost.policy(policyName);
        json.put("effective_policy_definition", policy == null ? Map.of() : policy.definition());
        json.put("exclusive", queue.exclusive());
        json.put("exclusive_consumer_tag", null);
        json.put("head_message_timestamp", null);
        long lastActivity = rates.lastActivity(queue);
        if (lastActivity > 0 && status.consumers() == 0) json.put("idle_since", StatsJson.timestamp(lastActivity));
        json.put("memory", BASE_MEMORY + PER_MESSAGE_MEMORY * messages + status.readyBytes());
        json.put("message_bytes", status.readyBytes());
        json.put("message_bytes_paged_out", status.pagedOutBytes());
        json.put("message_bytes_persistent", 0);
        json.put("message_bytes_ram", status.readyBytes() - status.pagedOutBytes());
        json.put("message_bytes_ready", status.readyBytes());
        json.put("message_bytes_unacknowledged", 0);
        json.put("message_stats", StatsJson.queueStats(c -> queue.stats().get(c), c -> rates.rate(queue, c)));
        StatsJson.put(json, "messages", messages, rates.messagesRate(queue, RateSampler.MESSAGES));
        json.put("messages_paged_out", status.pagedOut());
        json.put("messages_persistent", 0);
        json.put("messages_ram", messages - status.pagedOut());
        StatsJson.put(json, "messages_ready", status.messagesReady(), rates.messagesRate(queue, RateSampler.READY));
        json.put("messages_ready_ram", status.messagesReady() - status.pagedOut());
        StatsJson.put(json, "messages_unacknowledged", status.messagesUnacknowledged(),
                rates.messagesRate(queue, RateSampler.UNACKED));
        json.put("messages_unacknowledged_ram", status.messagesUnacknowledged());
        json.put("name", queue.name());
        json.put("node", context.nodeName());
        json.put("operator_policy", null);
        json.put("policy", policyName);
        json.put("recoverable_slaves", null);
        json.put("single_active_consumer_tag", status.activeConsumerTag());
        json.put("state", "running");
        json.put("type", "classic");
        json.put("vhost", vhost.name());
        return json;
    }

    /** The single-queue view adds its consumers and (empty) per-channel detail lists. */
    static Map<String, Object> detailed(ApiContext context, VirtualHost vhost, ClassicQueue queue, QueueStatus status,
                                        List<Map<String, Object>> consumers) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("consumer_details", consumers);
        json.putAll(of(context, vhost, queue, status));
        json.put("deliveries", List.of());
        json.put("incoming", List.of());
        return json;
    }
}
