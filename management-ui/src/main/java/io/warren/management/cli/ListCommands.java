package io.warren.management.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code list_*} commands: fetch from the API, pick the asked info keys (columns), print.
 * Unknown keys fail as rabbitmqctl does: "Info key(s) x are not supported", exit 64.
 */
final class ListCommands {
    private ListCommands() {}

    static Map<String, ListSpec> specs() {
        Map<String, ListSpec> specs = new LinkedHashMap<>();
        Map<String, Function<Map<String, Object>, Object>> queueKeys = ListSpec.fields("name", "durable", "auto_delete", "arguments",
                "policy");
        queueKeys.put("pid", item -> "<" + item.get("node") + "." + item.get("name") + ">");
        queueKeys.put("owner_pid", item -> "");
        queueKeys.put("exclusive", item -> item.get("exclusive"));
        queueKeys.put("exclusive_consumer_pid", item -> "");
        queueKeys.put("exclusive_consumer_tag", item -> item.get("exclusive_consumer_tag") == null ? "" : item.get("exclusive_consumer_tag"));
        queueKeys.putAll(ListSpec.fields("messages_ready", "messages_unacknowledged", "messages", "messages_ready_ram",
                "messages_unacknowledged_ram", "messages_ram", "messages_persistent", "message_bytes", "message_bytes_ready",
                "message_bytes_unacknowledged", "message_bytes_ram", "message_bytes_persistent"));
        queueKeys.put("head_message_timestamp", item -> item.get("head_message_timestamp") == null ? "" : item.get("head_message_timestamp"));
        queueKeys.put("disk_reads", item -> 0);
        queueKeys.put("disk_writes", item -> 0);
        queueKeys.putAll(ListSpec.fields("consumers", "consumer_utilisation", "consumer_capacity", "memory"));
        queueKeys.put("slave_pids", item -> "");
        queueKeys.put("synchronised_slave_pids", item -> "");
        queueKeys.putAll(ListSpec.fields("state", "type"));
        queueKeys.put("leader", item -> item.get("node"));
        queueKeys.put("members", item -> List.of(item.get("node")));
        queueKeys.put("online", item -> List.of(item.get("node")));
        add(specs, new ListSpec("list_queues", c -> "/api/queues/" + enc(c.vhost()),
                c -> "Timeout: " + c.options().timeoutSeconds() + ".0 seconds ...\nListing queues for vhost " + c.vhost() + " ...",
                queueKeys, List.of("name", "messages"), 0));

        Map<String, Function<Map<String, Object>, Object>> exchangeKeys = ListSpec.fields("name", "type", "durable", "auto_delete",
                "internal", "arguments", "policy");
        add(specs, new ListSpec("list_exchanges", c -> "/api/exchanges/" + enc(c.vhost()),
                c -> "Listing exchanges for vhost " + c.vhost() + " ...", exchangeKeys, List.of("name", "type"), 0));

        Map<String, Function<Map<String, Object>, Object>> bindingKeys = new LinkedHashMap<>();
        bindingKeys.put("source_name", item -> item.get("source"));
        bindingKeys.put("source_kind", item -> "exchange");
        bindingKeys.put("destination_name", item -> item.get("destination"));
        bindingKeys.put("destination_kind", item -> item.get("destination_type"));
        bindingKeys.put("routing_key", item -> item.get("routing_key"));
        bindingKeys.put("arguments", item -> item.get("arguments"));
        add(specs, new ListSpec("list_bindings", c -> "/api/bindings/" + enc(c.vhost()),
                c -> "Listing bindings for vhost " + c.vhost() + "...", bindingKeys,
                List.copyOf(bindingKeys.keySet()), 0));

        Map<String, Function<Map<String, Object>, Object>> connectionKeys = new LinkedHashMap<>();
        connectionKeys.put("pid", item -> "<" + item.get("name") + ">");
        connectionKeys.putAll(ListSpec.fields("name", "port", "host", "peer_port", "peer_host", "ssl", "ssl_protocol",
                "ssl_key_exchange", "ssl_cipher", "ssl_hash", "peer_cert_subject", "peer_cert_issuer", "peer_cert_validity",
                "state", "channels", "protocol", "auth_mechanism", "user", "vhost", "timeout", "frame_max", "channel_max",
                "client_properties", "recv_oct", "recv_cnt", "send_oct", "send_cnt", "send_pend", "connected_at"));
        add(specs, new ListSpec("list_connections", c -> "/api/connections", c -> "Listing connections ...",
                connectionKeys, List.of("user", "peer_host", "peer_port", "state"), 0));

        Map<String, Function<Map<String, Object>, Object>> channelKeys = new LinkedHashMap<>();
        channelKeys.put("pid", item -> "<" + item.get("name") + ">");
        channelKeys.put("connection", item -> item.get("connection_details") instanceof Map<?, ?> m ? "<" + m.get("name") + ">" : "");
        channelKeys.putAll(ListSpec.fields("name", "number", "user", "vhost", "transactional", "confirm", "consumer_count",
                "messages_unacknowledged", "messages_uncommitted", "acks_uncommitted", "messages_unconfirmed", "prefetch_count",
                "global_prefetch_count"));
        add(specs, new ListSpec("list_channels", c -> "/api/channels", c -> "Listing channels ...",
                channelKeys, List.of("pid", "user", "consumer_count", "messages_unacknowledged"), 0));

        Map<String, Function<Map<String, Object>, Object>> consumerKeys = new LinkedHashMap<>();
        consumerKeys.put("queue_name", item -> ((Map<?, ?>) item.get("queue")).get("name"));
        consumerKeys.put("channel_pid", item -> "<" + ((Map<?, ?>) item.get("channel_details")).get("name") + ">");
        consumerKeys.putAll(ListSpec.fields("consumer_tag", "ack_required", "prefetch_count", "active", "activity_status", "arguments"));
        add(specs, new ListSpec("list_consumers", c -> "/api/consumers/" + enc(c.vhost()),
                c -> "Listing consumers in vhost " + c.vhost() + " ...", consumerKeys,
                List.of("queue_name", "channel_pid", "consumer_tag", "ack_required", "prefetch_count", "active", "arguments"), 0));

        Map<String, Function<Map<String, Object>, Object>> vhostKeys = ListSpec.fields("name", "description", "tags", "tracing",
                "cluster_state", "default_queue_type", "metadata");
        add(specs, new ListSpec("list_vhosts", c -> "/api/vhosts", c -> "Listing vhosts ...", vhostKeys, List.of("name"), 0));

        Map<String, Function<Map<String, Object>, Object>> userKeys = new LinkedHashMap<>();
        userKeys.put("user", item -> item.get("name"));
        userKeys.put("tags", item -> item.get("tags"));
        add(specs, new ListSpec("list_users", c -> "/api/users", c -> "Listing users ...", userKeys, List.of("user", "tags"), 0));

        add(specs, new ListSpec("list_permissions", c -> "/api/vhosts/" + enc(c.vhost()) + "/permissions",
                c -> "Listing permissions for vhost \"" + c.vhost() + "\" ...",
                ListSpec.fields("user", "configure", "write", "read"), List.of("user", "configure", "write", "read"), 0));
        add(specs, new ListSpec("list_user_permissions", c -> "/api/users/" + enc(c.arguments().get(0)) + "/permissions",
                c -> "Listing permissions for user \"" + c.arguments().get(0) + "\" ...",
                ListSpec.fields("vhost", "configure", "write", "read"), List.of("vhost", "configure", "write", "read"), 1));
        add(specs, new ListSpec("list_topic_permissions", c -> "/api/vhosts/" + enc(c.vhost()) + "/topic-permissions",
                c -> "Listing topic permissions for vhost \"" + c.vhost() + "\" ...",
                ListSpec.fields("user", "exchange", "write", "read"), List.of("user", "exchange", "write", "read"), 0));
        add(specs, new ListSpec("list_user_topic_permissions", c -> "/api/users/" + enc(c.arguments().get(0)) + "/topic-permissions",
                c -> "Listing topic permissions for user \"" + c.arguments().get(0) + "\" ...",
                ListSpec.fields("vhost", "exchange", "write", "read"), List.of("vhost", "exchange", "write", "read"), 1));
        add(specs, new ListSpec("list_policies", c -> "/api/policies/" + enc(c.vhost()),
                c -> "Listing policies for vhost \"" + c.vhost() + "\" ...",
                policyKeys(), List.of("vhost", "name", "pattern", "apply-to", "definition", "priority"), 0));
        return specs;
    }

    /** A policy's definition prints as JSON, as rabbitmqctl prints it. */
    private static Map<String, Function<Map<String, Object>, Object>> policyKeys() {
        Map<String, Function<Map<String, Object>, Object>> keys = ListSpec.fields("vhost", "name", "pattern", "apply-to");
        keys.put("definition", item -> Output.write(item.get("definition")));
        keys.put("priority", item -> item.get("priority"));
        return keys;
    }

    private static void add(Map<String, ListSpec> specs, ListSpec spec) {
        specs.put(spec.name(), spec);
    }

    /** Runs a list command. */
    static int run(ListSpec spec, CtlOptions options, ManagementClient client, Output out) {
        if (options.arguments.size() < spec.arguments()) throw CtlException.usage("not enough arguments.");
        ListSpec.Call call = new ListSpec.Call(options, options.arguments);
        List<String> columns = new ArrayList<>(options.arguments.subList(spec.arguments(), options.arguments.size()));
        List<String> unknown = columns.stream().filter(c -> !spec.keys().containsKey(c)).toList();
        if (!unknown.isEmpty()) throw CtlException.usage("Info key(s) " + String.join(",", unknown) + " are not supported");
        if (columns.isEmpty()) columns = spec.defaults();
        out.info(spec.info().apply(call));
        ManagementClient.Answer answer = client.get(spec.path().apply(call));
        List<Map<String, Object>> items = items(answer, spec, options);
        List<Map<String, Object>> jsonRows = new ArrayList<>();
        List<List<String>> textRows = new ArrayList<>();
        for (Map<String, Object> item : items) {
            Map<String, Object> json = new LinkedHashMap<>();
            List<String> text = new ArrayList<>();
            for (String column : columns) {
                Object value = spec.keys().get(column).apply(item);
                json.put(column, value);
                text.add(Values.text(value));
            }
            jsonRows.add(json);
            textRows.add(text);
        }
        out.table(columns, jsonRows, textRows);
        return ExitCode.OK;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(ManagementClient.Answer answer, ListSpec spec, CtlOptions options) {
        if (answer.status() == 404) {
            if (spec.arguments() > 0) throw new CtlException(ExitCode.NO_USER, "User \"" + options.arguments.get(0) + "\" does not exist");
            return List.of(); // rabbitmqctl lists nothing for a vhost that does not exist
        }
        if (answer.status() != 200) throw new CtlException(ExitCode.UNAVAILABLE, answer.reason());
        Object json = answer.json();
        if (json instanceof Map<?, ?> page && page.get("items") instanceof List<?> list) json = list;
        return json instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    static String enc(String segment) {
        return ManagementClient.encode(segment);
    }
}
