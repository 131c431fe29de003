package io.warren.management.stats;

/**
 * The node's totals at one sampling moment, kept for the console's charts and the API's
 * {@code msg_rates_age} samples.
 *
 * @param timestamp epoch milliseconds
 * @param counters  the node's message counters in {@link io.warren.broker.stats.ChannelCounter} order
 * @param messages  ready and unacknowledged messages: {@code [messages, ready, unacknowledged]}
 */
public record NodeSample(long timestamp, long[] counters, long[] messages) {}
