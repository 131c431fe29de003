package io.warren.broker.queue;

/**
 * A queue's state at one moment, as the management API and Prometheus report it.
 *
 * @param messagesReady          messages waiting for a consumer
 * @param messagesUnacknowledged messages delivered and not yet settled
 * @param consumers              subscribed consumers
 * @param readyBytes             body bytes of the ready messages
 * @param activeConsumerTag      with single active consumer, the active one's tag; else null
 * @param pagedOut               ready messages whose bodies are on disk, not in memory
 * @param pagedOutBytes          body bytes of those
 */
public record QueueStatus(int messagesReady, int messagesUnacknowledged, int consumers, long readyBytes,
                          String activeConsumerTag, int pagedOut, long pagedOutBytes) {}
