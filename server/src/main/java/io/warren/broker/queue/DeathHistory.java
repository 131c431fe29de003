package io.warren.broker.queue;

import io.warren.codec.LongString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code x-death} header of a dead-lettered message, kept as RabbitMQ keeps it
 * ({@code rabbit_dead_letter}): one table per (queue, reason), most recent first, each with
 * {@code count}, {@code reason}, {@code queue}, {@code time}, {@code exchange},
 * {@code routing-keys} and, when the message had a per-message TTL, {@code original-expiration}.
 * A death at a (queue, reason) already listed increments that entry's count and moves it to the
 * front, keeping its other fields. The first death also sets {@code x-first-death-reason},
 * {@code x-first-death-queue} and {@code x-first-death-exchange}. As in RabbitMQ the resulting
 * header table is sorted by key.
 */
public final class DeathHistory {
    private DeathHistory() {}

    /** One dead-lettering: why, from which queue, and where the message had been published. */
    public record Death(String reason, String queue, long timeSeconds, String exchange, List<String> routingKeys,
                        String originalExpiration) {}

    /** The headers with {@code death} recorded; {@code headers} may be null and is not modified. */
    public static Map<String, Object> record(Map<String, Object> headers, Death death) {
        Map<String, Object> updated = new TreeMap<>();
        if (headers != null) updated.putAll(headers);
        Object existing = updated.get("x-death");
        if (!(existing instanceof List<?> deaths)) {
            updated.put("x-first-death-reason", LongString.of(death.reason()));
            updated.put("x-first-death-queue", LongString.of(death.queue()));
            updated.put("x-first-death-exchange", LongString.of(death.exchange()));
            updated.put("x-death", List.of(firstEntry(death)));
            return new LinkedHashMap<>(updated);
        }
        List<Object> others = new ArrayList<>(deaths.size() + 1);
        Map<String, Object> matched = null;
        for (Object entry : deaths) {
            if (matched == null && entry instanceof Map<?, ?> table
                    && death.queue().equals(text(table.get("queue"))) && death.reason().equals(text(table.get("reason")))) {
                matched = incremented(table);
            } else {
                others.add(entry);
            }
        }
        Map<String, Object> front = matched != null ? matched : new TreeMap<>(firstEntry(death));
        others.add(0, new LinkedHashMap<>(front));
        updated.put("x-death", others);
        return new LinkedHashMap<>(updated);
    }

    /**
     * Whether dead-lettering a message (with its updated history) into {@code queue} would close a
     * cycle that no client rejection broke: the queue is already in the history and every death
     * from the newest back to that queue's entry was automatic (expired, maxlen). Such messages
     * are dropped, as RabbitMQ does.
     */
    public static boolean isAutomaticCycle(Map<String, Object> headers, String queue) {
        if (headers == null || !(headers.get("x-death") instanceof List<?> deaths)) return false;
        for (Object entry : deaths) {
            if (!(entry instanceof Map<?, ?> table)) return false; // something a client put there
            if ("rejected".equals(text(table.get("reason")))) return false;
            if (queue.equals(text(table.get("queue")))) return true;
        }
        return false;
    }

    private static Map<String, Object> firstEntry(Death death) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("count", 1L);
        entry.put("reason", LongString.of(death.reason()));
        entry.put("queue", LongString.of(death.queue()));
        entry.put("time", Instant.ofEpochSecond(death.timeSeconds()));
        entry.put("exchange", LongString.of(death.exchange()));
        List<Object> keys = new ArrayList<>(death.routingKeys().size());
        for (String key : death.routingKeys()) keys.add(LongString.of(key));
        entry.put("routing-keys", keys);
        if (death.originalExpiration() != null) entry.put("original-expiration", LongString.of(death.originalExpiration()));
        return entry;
    }

    private static Map<String, Object> incremented(Map<?, ?> table) {
        Map<String, Object> entry = new TreeMap<>();
        table.forEach((k, v) -> entry.put(k.toString(), v));
        Object count = entry.get("count");
        entry.put("count", count instanceof Number n ? n.longValue() + 1 : 1L);
        return entry;
    }

    private static String text(Object value) {
        return value instanceof LongString || value instanceof String ? value.toString() : null;
    }
}
