package io.warren.broker.stats;

/**
 * The message counters of a channel, a virtual host and the node, as RabbitMQ's management API
 * names them in {@code message_stats} ({@link #key}).
 */
public enum ChannelCounter {
    PUBLISH("publish"),
    CONFIRM("confirm"),
    RETURN_UNROUTABLE("return_unroutable"),
    DROP_UNROUTABLE("drop_unroutable"),
    DELIVER("deliver"),
    DELIVER_NO_ACK("deliver_no_ack"),
    GET("get"),
    GET_NO_ACK("get_no_ack"),
    GET_EMPTY("get_empty"),
    ACK("ack"),
    REDELIVER("redeliver");

    private final String key;

    ChannelCounter(String key) {
        this.key = key;
    }

    /** The name in the management API's {@code message_stats}. */
    public String key() {
        return key;
    }
}
