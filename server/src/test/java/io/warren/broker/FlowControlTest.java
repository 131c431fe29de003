package io.warren.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Liveness under flow control: a publisher far faster than an auto-ack consumer drives the queue
 * into every back-pressure state (consumer inbox full, socket unwritable, publisher throttled) and
 * out again. Every message must arrive: a lost wake-up between those states would stall delivery
 * for good. The deadline is generous; this is not a timing test.
 */
class FlowControlTest {
    private static final int MESSAGES = 200_000;

    /** A queue lives on its declarer's thread: test it on the consumer's side and on the publisher's. */
    @ParameterizedTest(name = "queue declared by the {0}")
    @ValueSource(strings = {"consumer", "publisher"})
    void aFastPublisherAndASlowAutoAckConsumerLoseNothingAndNeverStall(String declarer) throws Exception {
        try (TestBroker broker = TestBroker.start();
             Connection consuming = broker.connectionFactory().newConnection();
             Connection publishing = broker.connectionFactory().newConnection()) {
            Channel consumer = consuming.createChannel();
            Channel publisher = publishing.createChannel();
            String queue = (declarer.equals("consumer") ? consumer : publisher)
                    .queueDeclare("", false, false, true, null).getQueue();
            CountDownLatch all = new CountDownLatch(MESSAGES);
            AtomicLong outOfOrder = new AtomicLong();
            AtomicLong expected = new AtomicLong();
            consumer.basicConsume(queue, true, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    long n = Long.parseLong(new String(body));
                    if (n != expected.getAndIncrement()) outOfOrder.incrementAndGet();
                    if (n % 20_000 == 0) slowDown(); // lets the consumer's socket and inbox back up
                    all.countDown();
                }
            });
            for (int i = 0; i < MESSAGES; i++) publisher.basicPublish("", queue, null, Long.toString(i).getBytes());
            assertTrue(all.await(120, TimeUnit.SECONDS), "delivery stalled with " + all.getCount() + " messages left");
            assertEquals(0, outOfOrder.get(), "a single queue to a single consumer keeps publish order");
            assertEquals(0, consumer.queueDeclarePassive(queue).getMessageCount());
        }
    }

    private static void slowDown() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (System.nanoTime() < until) Thread.onSpinWait(); // a slow consumer, not a wait for a condition
    }
}
