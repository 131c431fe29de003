package io.warren.management.api;

import io.warren.broker.definitions.FieldValuesJson;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.routing.Binding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bindings as the API shows them, including the default exchange's implicit binding of every
 * queue, and the {@code properties_key} that names one binding in a path: the routing key
 * percent-encoded, then {@code ~} and a hash of the arguments when there are any ({@code ~} alone
 * for an empty key without arguments).
 */
final class BindingJson {
    private BindingJson() {}

    /** Every binding of the vhost, the default exchange's first. */
    static List<Map<String, Object>> all(VirtualHost vhost) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ClassicQueue queue : vhost.queues()) {
            if (!queue.deleted()) items.add(json(vhost.name(), "", queue.name(), "queue", queue.name(), Map.of()));
        }
        for (Exchange exchange : vhost.exchanges()) {
            if (exchange.isDefault()) continue;
            for (Binding<Object> binding : exchange.bindings().bindings()) {
                Object destination = binding.destination();
                if (destination instanceof ClassicQueue queue) {
                    items.add(json(vhost.name(), exchange.name(), queue.name(), "queue", binding.key(), binding.arguments()));
                } else if (destination instanceof Exchange target) {
                    items.add(json(vhost.name(), exchange.name(), target.name(), "exchange", binding.key(), binding.arguments()));
                }
            }
        }
        return items;
    }

    static Map<String, Object> json(String vhost, String source, String destination, String type, String key,
                                    Map<String, Object> arguments) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", source);
        json.put("vhost", vhost);
        json.put("destination", destination);
        json.put("destination_type", type);
        json.put("routing_key", key);
        Map<String, Object> args = FieldValuesJson.toJson(arguments);
        json.put("arguments", args);
        json.put("properties_key", propertiesKey(key, args));
        return json;
    }

    static String propertiesKey(String key, Map<String, Object> arguments) {
        if (key.isEmpty() && (arguments == null || arguments.isEmpty())) return "~";
        String quoted = quote(key);
        if (arguments == null || arguments.isEmpty()) return quoted;
        return quoted + "~" + hash(arguments);
    }

    private static String quote(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static String hash(Map<String, Object> arguments) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest(Json.write(new TreeMap<>(arguments)));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
