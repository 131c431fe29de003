package io.warren.management.api;

import io.warren.broker.stats.ChannelCounter;
import io.warren.broker.stats.QueueCounter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
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
        return messageStats(ChannelCounter.values(), ChannelCounter::key, value, rate,
                ChannelCounter.DELIVER, ChannelCounter.DELIVER_NO_ACK, ChannelCounter.GET, ChannelCounter.GET_NO_ACK);
    }

    /** The message_stats of a queue. */
    static Map<String, Object> queueStats(ToLongFunction<QueueCounter> value, ToDoubleFunction<QueueCounter> rate) {
        Map<String, Object> stats = messageStats(QueueCounter.values(), QueueCounter::key, value, rate,
                QueueCounter.DELIVER, QueueCounter.DELIVER_NO_ACK, QueueCounter.GET, QueueCounter.GET_NO_ACK);
        put(stats, "get_empty", 0, 0.0);
        return stats;
    }

    /** Every counter with its rate, then {@code deliver_get}: the sum of {@code deliverGetParts}. */
    @SafeVarargs
    private static <C> Map<String, Object> messageStats(C[] counters, Function<C, String> key,
                                                        ToLongFunction<C> value, ToDoubleFunction<C> rate, C... deliverGetParts) {
        Map<String, Object> stats = new LinkedHashMap<>();
        for (C counter : counters) put(stats, key.apply(counter), value.applyAsLong(counter), rate.applyAsDouble(counter));
        long sum = 0;
        double sumRate = 0;
        for (C part : deliverGetParts) {
            sum += value.applyAsLong(part);
            sumRate += rate.applyAsDouble(part);
        }
        put(stats, "deliver_get", sum, round(sumRate));
        return stats;
    }

    static String timestamp(long epochMillis) {
        return IDLE_SINCE.format(Instant.ofEpochMilli(epochMillis));
    }

    static double round(double rate) {
        return Math.round(rate * 10.0) / 10.0;
    }
}
