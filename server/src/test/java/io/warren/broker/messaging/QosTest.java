package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * basic.qos as RabbitMQ 3.10 reads it: {@code global=false} limits each consumer created afterwards on the
 * channel, {@code global=true} limits all the channel's consumers together.
 *
 * <p>A limit is observed as a stable state: the consumer holds exactly N messages and the queue still
 * has the rest ready (were the limit ignored, the queue would empty).
 */
class QosTest extends MessagingTestSupport {

    private String queueWith(String base, int messages) throws Exception {
        String q = declareQueue(base);
        sendConfirmed(q, numbered(base + "-m", messages).toArray(String[]::new));
        return q;
    }

    private void awaitHeld(Inbox inbox, int held, String queue, int ready) throws Exception {
        eventually(inbox.receivedCount() + " received (want " + held + "), queue ready = " + ready,
                () -> inbox.receivedCount() == held && readyCount(queue) == ready);
    }

    @Test
    void prefetchLimitsUnackedDeliveriesAndAcksMakeRoom() throws Exception {
        String q = queueWith("q", 5);
        Channel ch = connection.createChannel();
        ch.basicQos(2);
        Inbox inbox = consume(ch, q, false);
        List<Delivery> held = inbox.next(2);
        awaitHeld(inbox, 2, q, 3);
        ch.basicAck(held.get(0).getEnvelope().getDeliveryTag(), false);
        Delivery third = inbox.next();
        awaitHeld(inbox, 3, q, 2);
        ch.basicAck(third.getEnvelope().getDeliveryTag(), true); // frees two
        inbox.next(2);
        awaitHeld(inbox, 5, q, 0);
    }

    @Test
    void perConsumerPrefetchAppliesToEachConsumer() throws Exception {
        String q1 = queueWith("q1", 5);
        String q2 = queueWith("q2", 5);
        Channel ch = connection.createChannel();
        ch.basicQos(2, false);
        Inbox a = consume(ch, q1, false);
        Inbox b = consume(ch, q2, false);
        awaitHeld(a, 2, q1, 3);
        awaitHeld(b, 2, q2, 3);
    }

    @Test
    void globalPrefetchIsSharedByTheChannelsConsumers() throws Exception {
        String q1 = queueWith("q1", 5);
        String q2 = queueWith("q2", 5);
        Channel ch = connection.createChannel();
        ch.basicQos(3, true);
        Inbox a = consume(ch, q1, false);
        Inbox b = consume(ch, q2, false);
        eventually("3 messages held across both consumers",
                () -> a.receivedCount() + b.receivedCount() == 3 && readyCount(q1) + readyCount(q2) == 7);
        Delivery any = a.receivedCount() > 0 ? a.next() : b.next();
        ch.basicAck(any.getEnvelope().getDeliveryTag(), false);
        eventually("one more delivered after an ack",
                () -> a.receivedCount() + b.receivedCount() == 4 && readyCount(q1) + readyCount(q2) == 6);
    }

    @Test
    void globalAndPerConsumerLimitsCombine() throws Exception {
        String q1 = queueWith("q1", 5);
        String q2 = queueWith("q2", 5);
        Channel ch = connection.createChannel();
        ch.basicQos(2, false);
        ch.basicQos(3, true);
        Inbox a = consume(ch, q1, false);
        awaitHeld(a, 2, q1, 3); // its own limit, below the channel's
        Inbox b = consume(ch, q2, false);
        awaitHeld(b, 1, q2, 4); // what the channel's limit leaves
        assertEquals(2, a.receivedCount());
    }

    /** RabbitMQ 3.10: a {@code global=false} qos also lifts the channel's limit ("overrides" an earlier global one). */
    @Test
    void aLaterPerConsumerQosLiftsTheGlobalLimit() throws Exception {
        String q1 = queueWith("q1", 5);
        String q2 = queueWith("q2", 5);
        Channel ch = connection.createChannel();
        ch.basicQos(3, true);
        ch.basicQos(2, false);
        Inbox a = consume(ch, q1, false);
        awaitHeld(a, 2, q1, 3);
        Inbox b = consume(ch, q2, false);
        awaitHeld(b, 2, q2, 3); // 4 in all: the global 3 is gone
        String q3 = queueWith("q3", 5);
        Channel unlimited = connection.createChannel();
        unlimited.basicQos(1, true);
        unlimited.basicQos(0, false);
        Inbox c = consume(unlimited, q3, false);
        c.next(5);
        awaitHeld(c, 5, q3, 0);
    }

    @Test
    void perConsumerPrefetchIsFixedWhenTheConsumerStarts() throws Exception {
        String q1 = queueWith("q1", 5);
        String q2 = queueWith("q2", 5);
        Channel ch = connection.createChannel();
        ch.basicQos(1);
        Inbox before = consume(ch, q1, false);
        awaitHeld(before, 1, q1, 4);
        ch.basicQos(3);
        Inbox after = consume(ch, q2, false);
        awaitHeld(after, 3, q2, 2);
        assertEquals(1, before.receivedCount());
        assertEquals(4, readyCount(q1));
    }

    @Test
    void raisingTheGlobalPrefetchLetsExistingConsumersHaveMore() throws Exception {
        String q = queueWith("q", 5);
        Channel ch = connection.createChannel();
        ch.basicQos(1, true);
        Inbox inbox = consume(ch, q, false);
        awaitHeld(inbox, 1, q, 4);
        ch.basicQos(3, true);
        awaitHeld(inbox, 3, q, 2);
    }

    @Test
    void zeroMeansUnlimited() throws Exception {
        String q = queueWith("q", 20);
        Channel ch = connection.createChannel();
        ch.basicQos(1);
        ch.basicQos(0);
        Inbox inbox = consume(ch, q, false);
        inbox.next(20);
        awaitHeld(inbox, 20, q, 0);
    }

    @Test
    void autoAckConsumersAndBasicGetIgnoreThePrefetch() throws Exception {
        String q1 = queueWith("q1", 5);
        String q2 = queueWith("q2", 5);
        Channel ch = connection.createChannel();
        ch.basicQos(1, false);
        ch.basicQos(1, true);
        Inbox inbox = consume(ch, q1, true);
        inbox.next(5);
        for (int i = 0; i < 5; i++) assertNotNull(ch.basicGet(q2, false), "basic.get #" + (i + 1));
        assertEquals(0, readyCount(q2));
        assertTrue(ch.isOpen());
    }

    @Test
    void prefetchSizeIsNotImplemented() throws Exception {
        assertConnectionError(540, "NOT_IMPLEMENTED - prefetch_size!=0 (10)", connection, ch -> ch.basicQos(10, 0, false));
    }
}
