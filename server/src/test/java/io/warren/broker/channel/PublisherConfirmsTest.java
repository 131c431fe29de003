package io.warren.broker.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warren.codec.BasicMethod;
import io.warren.codec.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order and coalescing of publisher acks and nacks, with and without group commits. */
class PublisherConfirmsTest {
    private final PublisherConfirms confirms = new PublisherConfirms();

    private void publish(boolean stored, boolean refused) {
        confirms.published(confirms.nextPublish(), stored, refused);
    }

    @Test
    void transientPublishesOfABatchAreAckedAsOne() {
        publish(false, false);
        publish(false, false);
        publish(false, false);
        assertEquals(0, confirms.endOfBatch());
        assertEquals(List.of(new BasicMethod.Ack(3, true)), confirms.take());
        assertEquals(List.of(), confirms.take());
    }

    @Test
    void storedPublishesWaitForTheGroupCommitAndLaterOnesWaitBehindThem() {
        publish(true, false);
        publish(false, false);
        long commit = confirms.endOfBatch();
        assertEquals(2, commit);
        assertEquals(List.of(), confirms.take());
        publish(false, false); // a transient publish in the next batch waits behind the commit too
        long next = confirms.endOfBatch();
        assertEquals(3, next);
        confirms.committed(commit, true);
        assertEquals(List.of(new BasicMethod.Ack(2, true)), confirms.take());
        confirms.committed(next, true);
        assertEquals(List.of(new BasicMethod.Ack(3, false)), confirms.take());
    }

    @Test
    void oneCommitCoveringSeveralBatchesSettlesThemAllAndLaterBatchesNoLongerWait() {
        publish(true, false);
        long first = confirms.endOfBatch();
        publish(true, false);
        long second = confirms.endOfBatch();
        publish(false, false);
        long third = confirms.endOfBatch();
        assertEquals(List.of(1L, 2L, 3L), List.of(first, second, third));
        confirms.committed(third, true); // the channel asked for one commit for all three batches
        assertEquals(List.of(new BasicMethod.Ack(3, true)), confirms.take());
        publish(false, false);
        assertEquals(0, confirms.endOfBatch(), "nothing outstanding: a transient publish is settled at once");
        assertEquals(List.of(new BasicMethod.Ack(4, false)), confirms.take());
    }

    @Test
    void aFailedCommitNacksItsPublishes() {
        publish(true, false);
        publish(true, false);
        long commit = confirms.endOfBatch();
        confirms.committed(commit, false);
        assertEquals(List.<Method>of(new BasicMethod.Nack(1, false, false), new BasicMethod.Nack(2, false, false)),
                confirms.take());
        publish(false, false);
        confirms.endOfBatch();
        assertEquals(List.of(new BasicMethod.Ack(3, false)), confirms.take());
    }

    @Test
    void aMultipleAckNeverCoversANackedPublish() {
        publish(false, false);
        publish(false, false);
        publish(false, true);
        publish(false, false);
        publish(false, false);
        confirms.endOfBatch();
        assertEquals(List.<Method>of(new BasicMethod.Nack(3, false, false), new BasicMethod.Ack(2, true),
                new BasicMethod.Ack(5, true)), confirms.take());
    }
}
