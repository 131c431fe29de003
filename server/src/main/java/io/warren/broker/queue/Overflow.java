package io.warren.broker.queue;

/** What a queue at its length limit does with one more message ({@code x-overflow}, policy {@code overflow}). */
public enum Overflow {
    /** Drop (dead-letter with reason {@code maxlen}) the oldest ready messages. RabbitMQ's default. */
    DROP_HEAD("drop-head"),
    /** Refuse the new message: nacked under publisher confirms, dropped otherwise. */
    REJECT_PUBLISH("reject-publish"),
    /** As {@link #REJECT_PUBLISH}, and dead-letter the refused message (reason {@code maxlen}). */
    REJECT_PUBLISH_DLX("reject-publish-dlx");

    private final String argument;

    Overflow(String argument) {
        this.argument = argument;
    }

    public String argument() {
        return argument;
    }

    /** The mode named by an argument or policy value, or null if none is. */
    public static Overflow parse(String value) {
        for (Overflow mode : values()) if (mode.argument.equals(value)) return mode;
        return null;
    }
}
