package io.warren.broker.queue;

import static io.warren.broker.queue.PublisherThrottle.Hold.NONE;
import static io.warren.broker.queue.PublisherThrottle.Hold.PACING;
import static io.warren.broker.queue.PublisherThrottle.Hold.SATURATED;
import static io.warren.broker.queue.PublisherThrottle.MAX_DRAIN_MILLIS;
import static io.warren.broker.queue.PublisherThrottle.PACING_HIGH_WATER;
import static io.warren.broker.queue.PublisherThrottle.PACING_LOW_WATER;
import static io.warren.broker.queue.PublisherThrottle.RATE_WINDOW_MILLIS;
import static io.warren.broker.queue.PublisherThrottle.SATURATED_HIGH_WATER;
import static io.warren.broker.queue.PublisherThrottle.SATURATED_LOW_WATER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a queue holds its publishers and lets them go, with the clock in the test's hands. */
class PublisherThrottleTest {
    private static final long START = 1_000_000;

    private final PublisherThrottle throttle = new PublisherThrottle();
    private final SwitchableTarget target = new SwitchableTarget();
    private final QueueConsumers consumers = new QueueConsumers();

    PublisherThrottleTest() {
        consumers.add(new Consumer("c", target, true, false, 0, 0, new ChannelCredit()), false, "q", "/");
    }

    @Test
    void fastConsumersPaceAPublisherPastTheHighWaterMarkUntilTheLowWaterMark() {
        deliver(10_000, START, START + RATE_WINDOW_MILLIS); // 20,000 a second

        assertEquals(NONE, throttle.onEnqueue(PACING_HIGH_WATER, consumers, START + RATE_WINDOW_MILLIS + 1), "at the mark, not past it");
        assertEquals(PACING, throttle.onEnqueue(PACING_HIGH_WATER + 1, consumers, START + RATE_WINDOW_MILLIS + 2));
        assertEquals(NONE, throttle.onEnqueue(PACING_HIGH_WATER + 2, consumers, START + RATE_WINDOW_MILLIS + 3), "already held");
        assertFalse(throttle.onDrained(PACING_LOW_WATER + 1, false, false));
        assertTrue(throttle.onDrained(PACING_LOW_WATER, false, false));
        assertEquals(NONE, throttle.hold());
    }

    @Test
    void aBacklogThatWouldTakeTheConsumersLongerThanTheDrainTimeNeverHoldsPublishers() {
        deliver(1_000, START, START + 1_000); // 1,000 a second: 5 s of work is 5,000 messages

        long now = START + 1_001;
        long fiveSecondsOfWork = 1_000 * MAX_DRAIN_MILLIS / 1000;
        assertEquals(NONE, throttle.onEnqueue((int) fiveSecondsOfWork + 1, consumers, now));
        assertEquals(NONE, throttle.onEnqueue(100_000, consumers, now + 1), "a worker queue's backlog is its job");
        assertEquals(PACING, throttle.onEnqueue((int) fiveSecondsOfWork, consumers, now + 2), "within reach of the consumers");
    }

    @Test
    void aQueueWithoutConsumersNeverHoldsPublishers() {
        QueueConsumers none = new QueueConsumers();
        deliver(10_000, START, START + RATE_WINDOW_MILLIS);
        assertEquals(NONE, throttle.onEnqueue(1_000_000, none, START + RATE_WINDOW_MILLIS + 1));
    }

    @Test
    void theFirstWindowIsJudgedByItsRateSoFar() {
        throttle.onEnqueue(1, consumers, START); // the queue's first enqueue starts the first window
        for (int i = 0; i < 2_000; i++) throttle.deliveredFirstTime();
        assertEquals(PACING, throttle.onEnqueue(PACING_HIGH_WATER + 1, consumers, START + 100),
                "2,000 in 100 ms is 20,000 a second, though no window is complete yet");
    }

    @Test
    void consumersThatCannotTakeMoreHoldPublishersPastTheirOwnMarks() {
        target.accepting = false; // delivered nothing: the pacing rate is zero
        assertEquals(NONE, throttle.onEnqueue(SATURATED_HIGH_WATER, consumers, START));
        assertEquals(SATURATED, throttle.onEnqueue(SATURATED_HIGH_WATER + 1, consumers, START + 1));
        assertFalse(throttle.onPauseOver(throttle.currentHold()), "only a pacing hold ends by time");
        assertFalse(throttle.onDrained(SATURATED_LOW_WATER + 1, false, false), "held until the saturated low-water mark");
        assertTrue(throttle.onDrained(SATURATED_LOW_WATER, false, false));
    }

    @Test
    void aPacingHoldEndsWhenItsTimeIsUpButALaterHoldDoesNot() {
        deliver(10_000, START, START + RATE_WINDOW_MILLIS);
        long now = START + RATE_WINDOW_MILLIS + 1;
        assertEquals(PACING, throttle.onEnqueue(PACING_HIGH_WATER + 1, consumers, now));
        int first = throttle.currentHold();
        assertTrue(throttle.onDrained(0, false, false));
        assertEquals(PACING, throttle.onEnqueue(PACING_HIGH_WATER + 1, consumers, now + 1));

        assertFalse(throttle.onPauseOver(first), "the first hold's timer must not end the second");
        assertTrue(throttle.onPauseOver(throttle.currentHold()));
        assertEquals(NONE, throttle.hold());
    }

    @Test
    void publishersGoOnWhenTheConsumersLeaveOrTheQueueIsDeleted() {
        deliver(10_000, START, START + RATE_WINDOW_MILLIS);
        throttle.onEnqueue(PACING_HIGH_WATER + 1, consumers, START + RATE_WINDOW_MILLIS + 1);
        assertTrue(throttle.onDrained(PACING_HIGH_WATER + 1, true, false), "no consumers");

        throttle.onEnqueue(PACING_HIGH_WATER + 1, consumers, START + RATE_WINDOW_MILLIS + 2);
        assertTrue(throttle.onDrained(PACING_HIGH_WATER + 1, false, true), "deleted");
    }

    @Test
    void aClockThatStepsBackStartsANewWindowInsteadOfInflatingTheRate() {
        deliver(1_000, START, START + 1_000); // 1,000 a second: 5,000 ready is the most that paces
        long stepBack = START - 60_000;
        for (int i = 0; i < 10; i++) throttle.deliveredFirstTime(); // counted before the step was seen
        assertEquals(NONE, throttle.onEnqueue(3_000, consumers, stepBack),
                "the old rate is not trusted across the step, nor is what was counted before it");
        for (int i = 0; i < 1_000; i++) throttle.deliveredFirstTime();
        assertEquals(PACING, throttle.onEnqueue(3_000, consumers, stepBack + 100), "1,000 in 100 ms after the step: 10,000 a second");
    }

    /** {@code count} first deliveries in the window from {@code from} (an enqueue starts it) to {@code to} (an enqueue ends it). */
    private void deliver(int count, long from, long to) {
        throttle.onEnqueue(1, consumers, from);
        for (int i = 0; i < count; i++) throttle.deliveredFirstTime();
        throttle.onEnqueue(1, consumers, to);
    }
}
