package io.warren.management.prometheus;

import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueStatus;

/** A queue and its state at the start of one scrape. */
record QueueSnapshot(String vhost, ClassicQueue queue, QueueStatus status) {}
