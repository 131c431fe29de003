package io.warren.broker.channel;

import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.Consumer;
import io.warren.broker.queue.QueueEntry;

/** A delivery handed from a queue's thread to a channel's thread, not yet written. */
record PendingDelivery(Consumer consumer, ClassicQueue queue, QueueEntry entry) {}
