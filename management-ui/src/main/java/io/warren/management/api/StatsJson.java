package io.warren.management.api;

import io.warren.broker.stats.ChannelCounter;
import io.warren.broker.stats.QueueCounter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** The {@code message_stats} objects and {@code *_details} rates of RabbitMQ's management API. */
final class StatsJson {
    private static final DateTimeFormatter IDLE_SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private StatsJson() {}

    /** {@code key: value, key_details: {rate}}. */
    static void put(Map<String, Object> json, String key, long value, double rate) {
        json.put(key, value);
        json.put(key + "_details", Map.of("rate", rate));
    }

    /** The message_stats of a channel, vhost or the node, with {@code deliver_get} summed as RabbitMQ does. */
    static Map<String, Object> channelStats(ToLongFunction<ChannelCounter> value, ToDoubleFunction<ChannelCounter> rate) {
        Map<String, Object> stats = new LinkedHashMap<>();
        for (ChannelCounter counter : ChannelCounter.values()) {
            put(stats, counter.key(), value.applyAsLong(counter), rate.applyAsDouble(counter));
        }
        ChannelCounter[] parts = {ChannelCounter.DELIVER, ChannelCounter.DELIVER_NO_ACK, ChannelCounter.GET, ChannelCounter.GET_NO_ACK};
        long sum = 0;
        double sumRate = 0;
        for (ChannelCounter part : parts) {
            sum += value.applyAsLong(part);
            sumRate += rate.applyAsDouble(part);
        }
        put(stats, "deliver_get", sum, round(sumRate));
        return stats;
    }

    /** The message_stats of a queue. */
    static Map<String, Object> queueStats(ToLongFunction<QueueCounter> value, ToDoubleFunction<QueueCounter> rate) {
        Map<String, Object> stats = new LinkedHashMap<>();
        for (QueueCounter counter : QueueCounter.values()) {
            put(stats, counter.key(), value.applyAsLong(counter), rate.applyAsDouble(counter));
        }
        QueueCounter[] parts = {QueueCounter.DELIVER, QueueCounter.DELIVER_NO_ACK, QueueCounter.GET, QueueCounter.GET_NO_ACK};
        long sum = 0;
        double sumRate = 0;
        for (QueueCounter part : parts) {
            sum += value.applyAsLong(part);
            sumRate += rate.applyAsDouble(part);
        }
        put(stats, "deliver_get", sum, round(sumRate));
        put(stats, "get_empty", 0, 0.0);
        return stats;
    }

    static String timestamp(long epochMillis) {
        return IDLE_SINCE.format(Instant.ofEpochMilli(epochMillis));
    }

    static double round(double rate) {
        return Math.round(rate * 10.0) / 10.0;
    }
}
