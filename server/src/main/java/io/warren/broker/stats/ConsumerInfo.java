package io.warren.broker.stats;

import java.util.Map;

/**
 * One basic.consume subscription as the management API lists it.
 *
 * @param tag           the consumer tag
 * @param queue         the queue's name (in the channel's virtual host)
 * @param ackRequired   false for a no-ack consumer
 * @param exclusive     whether it consumes exclusively
 * @param prefetchCount its prefetch limit, 0 for none
 * @param arguments     the consume arguments (e.g. {@code x-priority})
 */
public record ConsumerInfo(String tag, String queue, boolean ackRequired, boolean exclusive, int prefetchCount,
                           Map<String, Object> arguments) {}
