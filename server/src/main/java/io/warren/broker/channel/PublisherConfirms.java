package io.warren.broker.channel;

import io.warren.codec.BasicMethod;

/**
 * Publisher confirms of one channel: sequence numbers for publishes and the acks owed for them.
 *
 * <p>Messages are confirmed in publish order once routed (and, for unroutable mandatory
 * messages, after their basic.return). Confirms accumulate during a read batch and go out as one
 * {@code basic.ack(multiple=true)} for the highest sequence, as RabbitMQ coalesces them.
 * Confined to the channel's thread.
 */
final class PublisherConfirms {
    private boolean enabled;
    private long nextSequence = 1;
    private long confirmedUpTo;
    private long sentUpTo;

    boolean enabled() {
        return enabled;
    }

    void enable() {
        enabled = true;
    }

    /** The sequence number of the next publish. */
    long nextPublish() {
        return nextSequence++;
    }

    void confirmed(long sequence) {
        confirmedUpTo = Math.max(confirmedUpTo, sequence);
    }

    /**
     * The ack to send for what was confirmed since the last one, or null: a single ack for one
     * message, one {@code multiple=true} ack for several.
     */
    BasicMethod.Ack takeAck() {
        if (confirmedUpTo == sentUpTo) return null;
        boolean multiple = confirmedUpTo - sentUpTo > 1;
        sentUpTo = confirmedUpTo;
        return new BasicMethod.Ack(sentUpTo, multiple);
    }
}
