package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Acknowledgements: ack, nack and reject, requeueing (in place), redelivery, recover, unknown tags. */
class AckTest extends MessagingTestSupport {

    private List<GetResponse> getAll(Channel ch, String queue, int count) throws Exception {
        List<GetResponse> got = new ArrayList<>();
        for (int i = 0; i < count; i++) got.add(ch.basicGet(queue, false));
        return got;
    }

    private static long tag(GetResponse r) {
        return r.getEnvelope().getDeliveryTag();
    }

    /** Gets everything left in the queue (auto-ack), as "body" or "body*" when redelivered. */
    private List<String> drainMarkingRedeliveries(String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (GetResponse r; (r = channel.basicGet(queue, true)) != null; ) {
            bodies.add(text(r) + (r.getEnvelope().isRedeliver() ? "*" : ""));
        }
        return bodies;
    }

    @Test
    void ackedMessagesAreGoneAndUnackedOnesComeBackWhenTheChannelCloses() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2");
        Channel consumer = connection.createChannel();
        List<GetResponse> got = getAll(consumer, q, 2);
        assertFalse(got.get(0).getEnvelope().isRedeliver());
        consumer.basicAck(tag(got.get(0)), false);
        consumer.close();
        assertEquals(List.of("m2*"), drainMarkingRedeliveries(q));
    }

    @Test
    void unackedMessagesComeBackWhenTheConnectionCloses() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2", "m3");
        Connection other = newConnection();
        Channel ch = other.createChannel();
        Inbox inbox = consume(ch, q, false);
        inbox.next(3);
        assertEquals(0, readyCount(q));
        other.close();
        eventually("the unacked messages are requeued", () -> readyCount(q) == 3);
        assertEquals(List.of("m1*", "m2*", "m3*"), drainMarkingRedeliveries(q));
    }

    @Test
    void multipleAcksEverythingUpToTheTag() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2", "m3", "m4", "m5");
        Channel ch = connection.createChannel();
        Inbox inbox = consume(ch, q, false);
        List<Delivery> deliveries = inbox.next(5);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), deliveries.stream().map(d -> d.getEnvelope().getDeliveryTag()).toList());
        ch.basicAck(3, true);
        ch.close();
        assertEquals(List.of("m4*", "m5*"), drainMarkingRedeliveries(q));
    }

    @Test
    void multipleWithTagZeroAcksEverythingOutstanding() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2", "m3");
        Channel ch = connection.createChannel();
        getAll(ch, q, 3);
        ch.basicAck(0, true);
        ch.basicAck(0, true); // nothing outstanding: still fine
        ch.close();
        assertEquals(0, readyCount(q));
    }

    @Test
    void requeuedMessagesGoBackToTheirOriginalPosition() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2", "m3", "m4");
        Channel ch = connection.createChannel();
        List<GetResponse> got = getAll(ch, q, 3);
        ch.basicNack(tag(got.get(2)), false, true);
        ch.basicReject(tag(got.get(0)), true);
        assertEquals(List.of("m1*", "m3*", "m4"), drainMarkingRedeliveries(q));
        ch.basicNack(tag(got.get(1)), false, true);
        assertEquals(List.of("m2*"), drainMarkingRedeliveries(q));
    }

    @Test
    void aRequeuedMessageIsRedeliveredBeforeLaterMessages() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2", "m3", "m4");
        Channel ch = connection.createChannel();
        ch.basicQos(3);
        Inbox inbox = consume(ch, q, false);
        List<Delivery> first = inbox.next(3);
        assertEquals(List.of("m1", "m2", "m3"), first.stream().map(MessagingTestSupport::text).toList());
        // each requeue frees one credit, which goes to the requeued message, not to m4 behind it
        ch.basicNack(tag(first.get(2)), false, true);
        Delivery m3 = inbox.next();
        assertEquals("m3", text(m3));
        assertTrue(m3.getEnvelope().isRedeliver());
        assertEquals(4, tag(m3), "a redelivery gets a new tag");
        ch.basicReject(tag(first.get(0)), true);
        Delivery m1 = inbox.next();
        assertEquals("m1", text(m1));
        assertTrue(m1.getEnvelope().isRedeliver());
        ch.basicAck(tag(first.get(1)), false);
        Delivery m4 = inbox.next();
        assertEquals("m4", text(m4));
        assertFalse(m4.getEnvelope().isRedeliver());
        assertEquals(6, tag(m4));
    }

    private static long tag(Delivery d) {
        return d.getEnvelope().getDeliveryTag();
    }

    @Test
    void multipleNackRequeuesEverythingUpToTheTag() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2", "m3", "m4");
        Channel ch = connection.createChannel();
        List<GetResponse> got = getAll(ch, q, 4);
        ch.basicNack(tag(got.get(2)), true, true);
        assertEquals(List.of("m1*", "m2*", "m3*"), drainMarkingRedeliveries(q));
        ch.basicNack(0, true, true);
        assertEquals(List.of("m4*"), drainMarkingRedeliveries(q));
    }

    @Test
    void nackAndRejectWithoutRequeueDiscard() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2", "m3", "m4");
        Channel ch = connection.createChannel();
        List<GetResponse> got = getAll(ch, q, 4);
        ch.basicReject(tag(got.get(0)), false);
        ch.basicNack(tag(got.get(2)), true, false);
        ch.close();
        assertEquals(List.of("m4*"), drainMarkingRedeliveries(q));
    }

    @Test
    void unknownDeliveryTagsArePreconditionFailures() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2", "m3", "m4", "m5");
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 99", channel, ch -> ch.basicAck(99, false));
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 0", connection.createChannel(),
                ch -> ch.basicAck(0, false));
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 1", connection.createChannel(), ch -> {
            GetResponse r = ch.basicGet(q, false);
            ch.basicAck(tag(r), false);
            ch.basicAck(tag(r), false);
        });
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 7", connection.createChannel(),
                ch -> ch.basicReject(7, true));
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 5", connection.createChannel(),
                ch -> ch.basicNack(5, true, true));
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 5", connection.createChannel(), ch -> {
            ch.basicGet(q, false);
            ch.basicAck(5, true); // multiple, but beyond the highest outstanding tag
        });
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 1", connection.createChannel(), ch -> {
            GetResponse r = ch.basicGet(q, false);
            ch.basicNack(tag(r), false, true);
            ch.basicAck(tag(r), false); // the requeued delivery's tag is spent
        });
    }

    @Test
    void deliveryTagsBelongToTheirChannel() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1");
        GetResponse r = channel.basicGet(q, false);
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 1", connection.createChannel(),
                ch -> ch.basicAck(tag(r), false));
        channel.basicAck(tag(r), false);
        channel.close();
        assertEquals(0, readyCount(q));
    }

    @Test
    void autoAckDeliveriesCannotBeAcked() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1");
        assertChannelError(406, "PRECONDITION_FAILED - unknown delivery tag 1", channel, ch -> {
            GetResponse r = ch.basicGet(q, true);
            ch.basicAck(tag(r), false);
        });
    }

    @Test
    void recoverRequeuesAndRedeliversUnackedMessages() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2");
        Channel ch = connection.createChannel();
        Inbox inbox = consume(ch, q, false);
        List<Delivery> first = inbox.next(2);
        assertFalse(first.get(0).getEnvelope().isRedeliver());
        ch.basicRecover(true);
        List<Delivery> again = inbox.next(2);
        assertEquals(List.of("m1", "m2"), again.stream().map(MessagingTestSupport::text).toList());
        assertTrue(again.stream().allMatch(d -> d.getEnvelope().isRedeliver()));
        ch.basicAck(tag(again.get(1)), true);
        ch.close();
        assertEquals(0, readyCount(q));
    }

    @Test
    void recoverWithoutRequeueIsNotImplemented() throws Exception {
        assertConnectionError(540, "NOT_IMPLEMENTED - requeue=false", connection, ch -> ch.basicRecover(false));
    }

    @Test
    void newMessagesAreNotMarkedRedelivered() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "old");
        GetResponse old = channel.basicGet(q, false);
        channel.basicNack(tag(old), false, true);
        sendConfirmed(q, "new");
        assertEquals(List.of("old*", "new"), drainMarkingRedeliveries(q));
    }

    @Test
    void ackingAndNackingAfterTheQueueIsDeletedIsFine() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2");
        Channel ch = connection.createChannel();
        List<GetResponse> got = getAll(ch, q, 2);
        channel.queueDelete(q);
        ch.basicAck(tag(got.get(0)), false);
        ch.basicNack(tag(got.get(1)), false, true);
        ch.basicQos(0); // a round trip: the channel is still open
        assertTrue(ch.isOpen());
        assertFalse(queueExists(q));
    }
}
