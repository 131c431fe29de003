package io.warren.broker.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.warren.broker.message.Message;
import io.warren.codec.BasicProperties;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A queue pacing its publishers ({@link PublisherThrottle}) as its channels see it: the answer of
 * {@link ClassicQueue#enqueue} (go on reading, or wait) and the {@link ClassicQueue#whenInboxDrained}
 * call-back that lets a waiting publisher go on. Publishes run on the queue's thread, as they do on
 * a node with one event loop.
 */
class QueuePacingTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final ClassicQueue queue = new ClassicQueue("paced", "/", false, false, null, Map.of(), QueueSettings.DEFAULTS, loop,
            (exchange, keys, headers) -> List.of(), null, null, () -> {});
    private final SwitchableTarget target = new SwitchableTarget();

    @AfterEach
    void close() throws Exception {
        queue.closeForShutdown().get(10, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aSlowConsumerNeverHoldsAPublisher() throws Exception {
        queue.addConsumer(new Consumer("slow", target, false, false, 0, 1, new ChannelCredit())).get(10, TimeUnit.SECONDS);
        int messages = 3 * PublisherThrottle.SATURATED_HIGH_WATER;
        int refused = onLoop(() -> publishUntilHeld(messages));
        assertEquals(-1, refused, "every publish may go on: one delivery, never acknowledged, is no pace to keep");
        assertEquals(messages - 1, queue.status().get(10, TimeUnit.SECONDS).messagesReady());
    }

    @Test
    void aPublisherOutrunningAFastConsumerWaitsUntilTheConsumerCatchesUp() throws Exception {
        queue.addConsumer(new Consumer("fast", target, true, false, 0, 0, new ChannelCredit())).get(10, TimeUnit.SECONDS);
        assertEquals(-1, (int) onLoop(() -> publishUntilHeld(10_000)), "consumed as fast as published");
        target.accepting = false; // the consumer falls behind

        assertEquals(PublisherThrottle.PACING_HIGH_WATER + 1, (int) onLoop(() -> publishUntilHeld(100_000)),
                "held one message past the high-water mark");
        CountDownLatch resumed = new CountDownLatch(1);
        boolean caughtUpAndResumed = onLoop(() -> {
            queue.whenInboxDrained(resumed::countDown);
            boolean heldMeanwhile = resumed.getCount() == 1;
            target.accepting = true;
            queue.creditReturned(); // inline on the queue's thread: delivers the backlog, then lets the publisher go
            return heldMeanwhile && resumed.getCount() == 0;
        });
        assertTrue(caughtUpAndResumed, "held while behind, resumed as soon as the backlog was delivered");
        assertEquals(10_000 + PublisherThrottle.PACING_HIGH_WATER + 1, target.delivered.get());
    }

    @Test
    void aPaceHoldEndsInTimeWhenTheConsumerStopsTakingMessages() throws Exception {
        queue.addConsumer(new Consumer("stalls", target, true, false, 0, 0, new ChannelCredit())).get(10, TimeUnit.SECONDS);
        onLoop(() -> publishUntilHeld(10_000));
        target.accepting = false;
        onLoop(() -> publishUntilHeld(100_000));

        CountDownLatch resumed = new CountDownLatch(1);
        queue.whenInboxDrained(resumed::countDown);
        assertTrue(resumed.await(10, TimeUnit.SECONDS), "a stalled consumer holds the publisher no longer than the longest pause");
        assertEquals(PublisherThrottle.PACING_HIGH_WATER + 1, queue.status().get(10, TimeUnit.SECONDS).messagesReady(),
                "the backlog is still there: time, not delivery, ended the hold");
    }

    @Test
    void consumersThatRequeueEverythingTheyGetNeverHoldAPublisher() throws Exception {
        HoldingTarget retrying = new HoldingTarget();
        Consumer consumer = new Consumer("retries", retrying, false, false, 0, 10, new ChannelCredit());
        queue.addConsumer(consumer).get(10, TimeUnit.SECONDS);
        assertEquals(-1, (int) onLoop(() -> publishUntilHeld(5_000)));

        int redelivered = onLoop(() -> { // a retry loop: each delivery goes straight back, as basic.nack with requeue does
            for (int round = 0; round < 500; round++) {
                List<QueueEntry> failed = retrying.takeAll();
                failed.forEach(entry -> consumer.onSettled());
                queue.requeue(failed); // inline on the queue's thread: delivered again at once
            }
            return retrying.delivered;
        });
        assertEquals(501 * 10, redelivered, "thousands of deliveries within milliseconds");

        assertEquals(-1, (int) onLoop(() -> publishUntilHeld(10_000)),
                "deliveries that come back do not shorten the backlog: nothing to pace the publisher to");
        assertEquals(15_000 - 10, queue.status().get(10, TimeUnit.SECONDS).messagesReady());
    }

    /** A manual-ack consumer's channel that keeps what it is given until the test settles it. */
    private static final class HoldingTarget implements DeliveryTarget {
        private final List<QueueEntry> unsettled = new java.util.ArrayList<>();
        int delivered;

        @Override
        public void deliver(Consumer consumer, ClassicQueue queue, QueueEntry entry) {
            delivered++;
            unsettled.add(entry);
        }

        List<QueueEntry> takeAll() {
            List<QueueEntry> all = List.copyOf(unsettled);
            unsettled.clear();
            return all;
        }

        @Override
        public boolean accepting() {
            return true;
        }

        @Override
        public void cancelledByQueue(Consumer consumer) {
        }
    }

    /** Publishes up to {@code count} messages; returns how many it took until one was answered "wait", or -1. */
    private int publishUntilHeld(int count) {
        for (int i = 1; i <= count; i++) if (!queue.enqueue(message())) return i;
        return -1;
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        return loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    private static Message message() {
        return new Message("", "paced", BasicProperties.EMPTY, Unpooled.wrappedBuffer(new byte[16]));
    }
}
