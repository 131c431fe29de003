package io.warren.broker.stats;

/** The message counters of a queue, as RabbitMQ's management API names them in a queue's {@code message_stats}. */
public enum QueueCounter {
    PUBLISH("publish"),
    DELIVER("deliver"),
    DELIVER_NO_ACK("deliver_no_ack"),
    GET("get"),
    GET_NO_ACK("get_no_ack"),
    ACK("ack"),
    REDELIVER("redeliver");

    private final String key;

    QueueCounter(String key) {
        this.key = key;
    }

    /** The name in the management API's {@code message_stats}. */
    public String key() {
        return key;
    }
}
