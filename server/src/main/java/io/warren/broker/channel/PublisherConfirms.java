package io.warren.broker.channel;

import io.warren.codec.BasicMethod;
import io.warren.codec.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Publisher confirms of one channel: sequence numbers for publishes and the acks and nacks owed
 * for them.
 *
 * <p>A publish is settled once routed, except that a persistent message stored for durable queues
 * is settled only when the storage's group commit has made it durable. Acks go out in sequence
 * order: a publish made after one still waiting for its commit waits too, and is acked with it
 * (commits finish in the order asked, and one covering a later sequence number covers the earlier ones). Acks
 * are coalesced into one {@code multiple=true} ack per batch, as RabbitMQ does. A publish a queue
 * refused (length limit with reject-publish), or whose commit failed, is nacked on its own; a
 * {@code multiple} ack never covers a nacked sequence number. Confined to the channel's thread.
 */
final class PublisherConfirms {
    private boolean enabled;
    private long nextSequence = 1;
    private long lastPublished;
    /** Every sequence number up to here is settled (durable, routed, or nacked). */
    private long settledUpTo;
    private long sentUpTo;
    /** The highest sequence number a group commit was asked to cover; above {@link #settledUpTo} while one is outstanding. */
    private long commitRequestedUpTo;
    private boolean batchNeedsCommit;
    private final TreeSet<Long> nacked = new TreeSet<>();
    private final List<Method> nacksToSend = new ArrayList<>(2);

    boolean enabled() {
        return enabled;
    }

    void enable() {
        enabled = true;
    }

    /** Every publish up to this sequence number has been confirmed (acked or nacked). */
    long sentUpTo() {
        return sentUpTo;
    }

    /** The sequence number of the next publish. */
    long nextPublish() {
        return nextSequence++;
    }

    /**
     * Records how publish {@code sequence} went.
     *
     * @param stored  it went to the message store: settled at the next group commit
     * @param refused a queue refused it: nacked
     */
    void published(long sequence, boolean stored, boolean refused) {
        lastPublished = sequence;
        if (stored) batchNeedsCommit = true;
        if (refused) nack(sequence);
    }

    /**
     * The read batch is over: returns the sequence number a group commit must cover before the
     * batch's publishes are settled, or 0 when they are settled now.
     */
    long endOfBatch() {
        if (commitRequestedUpTo <= settledUpTo && !batchNeedsCommit) {
            settledUpTo = lastPublished;
            return 0;
        }
        batchNeedsCommit = false;
        if (lastPublished <= commitRequestedUpTo) return 0;
        commitRequestedUpTo = lastPublished;
        return lastPublished;
    }

    /** The group commit asked for up to {@code upTo} finished; on failure those publishes are nacked. */
    void committed(long upTo, boolean durable) {
        if (!durable) for (long s = settledUpTo + 1; s <= upTo; s++) nack(s);
        settledUpTo = Math.max(settledUpTo, upTo);
    }

    /**
     * The acks and nacks to send now, in order: nacks one by one, then acks for what is settled, a
     * single ack for one message, one {@code multiple=true} ack for several. Empty when nothing is owed.
     */
    List<Method> take() {
        List<Method> owed = new ArrayList<>(nacksToSend);
        nacksToSend.clear();
        while (sentUpTo < settledUpTo) {
            Long nextNack = nacked.higher(sentUpTo);
            long end = nextNack == null || nextNack > settledUpTo ? settledUpTo : nextNack - 1;
            if (end > sentUpTo) owed.add(new BasicMethod.Ack(end, end - sentUpTo > 1));
            sentUpTo = end;
            if (nextNack != null && nextNack == end + 1 && nextNack <= settledUpTo) {
                nacked.remove(nextNack);
                sentUpTo = nextNack;
            }
        }
        nacked.headSet(sentUpTo, true).clear();
        return owed;
    }

    private void nack(long sequence) {
        if (nacked.add(sequence)) nacksToSend.add(new BasicMethod.Nack(sequence, false, false));
    }
}
