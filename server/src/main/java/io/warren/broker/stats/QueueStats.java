package io.warren.broker.stats;

/**
 * A queue's message counters: messages enqueued, delivered to consumers, fetched with basic.get,
 * acknowledged and redelivered. Written only on the queue's own thread; read from any.
 */
public final class QueueStats {
    private final SingleWriterCounters counters = new SingleWriterCounters(QueueCounter.values().length);

    /** A message entered the queue. Queue thread. */
    public void enqueued() {
        if (Statistics.ENABLED) counters.add(QueueCounter.PUBLISH.ordinal(), 1);
    }

    /** A message went to a consumer. Queue thread. */
    public void delivered(boolean noAck, boolean redelivered) {
        if (!Statistics.ENABLED) return;
        counters.add(noAck ? QueueCounter.DELIVER_NO_ACK.ordinal() : QueueCounter.DELIVER.ordinal(), 1);
        if (redelivered) counters.add(QueueCounter.REDELIVER.ordinal(), 1);
    }

    /** A message was fetched by basic.get. Queue thread. */
    public void got(boolean noAck, boolean redelivered) {
        if (!Statistics.ENABLED) return;
        counters.add(noAck ? QueueCounter.GET_NO_ACK.ordinal() : QueueCounter.GET.ordinal(), 1);
        if (redelivered) counters.add(QueueCounter.REDELIVER.ordinal(), 1);
    }

    /** {@code count} messages were acknowledged. Queue thread. */
    public void acked(int count) {
        if (Statistics.ENABLED) counters.add(QueueCounter.ACK.ordinal(), count);
    }

    /** The counter's value so far. Any thread. */
    public long get(QueueCounter counter) {
        return counters.get(counter.ordinal());
    }
}
