package io.warren.broker.queue;

/** A queue's counts at one moment, as declare-ok and the management API report them. */
public record QueueCounts(int messagesReady, int messagesUnacknowledged, int consumers) {}
