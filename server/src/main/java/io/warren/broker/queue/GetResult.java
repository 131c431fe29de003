package io.warren.broker.queue;

/** The answer to basic.get: the entry taken (null when the queue was empty) and how many remain ready. */
public record GetResult(QueueEntry entry, int remaining) {}
