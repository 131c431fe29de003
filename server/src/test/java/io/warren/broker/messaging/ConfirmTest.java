package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Publisher confirms: sequence numbers, multiple acks, returns before acks, and the mode's exclusivity with tx. */
class ConfirmTest extends MessagingTestSupport {

    /** Records every ack (expanding multiple ones) and every event in arrival order. */
    private static final class Confirms implements ConfirmListener {
        final SortedSet<Long> acked = Collections.synchronizedSortedSet(new TreeSet<>());
        final List<Long> nacked = Collections.synchronizedList(new ArrayList<>());
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public synchronized void handleAck(long tag, boolean multiple) {
            events.add("ack " + tag + (multiple ? " multiple" : ""));
            if (multiple) {
                for (long t = 1; t <= tag; t++) acked.add(t);
            } else {
                acked.add(tag);
            }
        }

        @Override
        public synchronized void handleNack(long tag, boolean multiple) {
            events.add("nack " + tag);
            nacked.add(tag);
        }
    }

    private Channel confirming(Confirms confirms) throws Exception {
        Channel ch = connection.createChannel();
        ch.addConfirmListener(confirms);
        ch.addReturnListener(r -> confirms.events.add("return " + text(r.getBody())));
        assertNotNull(ch.confirmSelect());
        return ch;
    }

    @Test
    void everyPublishIsConfirmedWithTagsFromOne() throws Exception {
        String q = declareQueue("q");
        Confirms confirms = new Confirms();
        Channel ch = confirming(confirms);
        assertEquals(1, ch.getNextPublishSeqNo());
        for (int i = 0; i < 500; i++) ch.basicPublish("", q, null, bytes("m" + i));
        assertEquals(501, ch.getNextPublishSeqNo());
        assertTrue(ch.waitForConfirms(TIMEOUT.toMillis()));
        assertEquals(LongStream.rangeClosed(1, 500).boxed().collect(Collectors.toList()), new ArrayList<>(confirms.acked));
        assertEquals(List.of(), confirms.nacked);
        assertEquals(500, readyCount(q));
    }

    @Test
    void confirmsArriveForMessagesRoutedToManyQueuesAndToDurableQueues() throws Exception {
        String x = declareExchange("fan", "fanout");
        List<String> queues = List.of(boundQueue("q1", x, ""), boundQueue("q2", x, ""), boundQueue("q3", x, ""));
        String durable = name("durable");
        channel.queueDeclare(durable, true, false, false, null);
        channel.queueBind(durable, x, "");
        Confirms confirms = new Confirms();
        Channel ch = confirming(confirms);
        ch.basicPublish(x, "", new AMQP.BasicProperties.Builder().deliveryMode(2).build(), bytes("persistent"));
        ch.basicPublish(x, "", null, bytes("transient"));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(new TreeSet<>(List.of(1L, 2L)), confirms.acked);
        for (String q : queues) assertEquals(List.of("persistent", "transient"), drain(q));
        assertEquals(List.of("persistent", "transient"), drain(durable));
    }

    @Test
    void anUnroutableMandatoryMessageIsReturnedBeforeItIsConfirmed() throws Exception {
        String q = declareQueue("q");
        Confirms confirms = new Confirms();
        Channel ch = confirming(confirms);
        ch.basicPublish("", q, true, null, bytes("routed"));
        ch.basicPublish("amq.direct", name("nowhere"), true, null, bytes("unroutable"));
        ch.basicPublish("amq.direct", name("nowhere"), false, null, bytes("dropped"));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(new TreeSet<>(List.of(1L, 2L, 3L)), confirms.acked);
        List<String> events = List.copyOf(confirms.events);
        int returned = events.indexOf("return unroutable");
        assertTrue(returned >= 0, events.toString());
        int ackCovering2 = -1;
        for (int i = 0; i < events.size(); i++) {
            String[] event = events.get(i).split(" ");
            long tag = event[0].equals("ack") ? Long.parseLong(event[1]) : -1;
            if (tag == 2 || (tag > 2 && event.length == 3)) {
                ackCovering2 = i;
                break;
            }
        }
        assertTrue(returned < ackCovering2, "the return precedes the ack: " + events);
        assertEquals(1, events.stream().filter(e -> e.startsWith("return")).count(), events.toString());
    }

    @Test
    void eachChannelCountsItsOwnPublishes() throws Exception {
        String q = declareQueue("q");
        Confirms first = new Confirms();
        Confirms second = new Confirms();
        Channel a = confirming(first);
        Channel b = confirming(second);
        for (int i = 0; i < 3; i++) a.basicPublish("", q, null, bytes("a" + i));
        b.basicPublish("", q, null, bytes("b"));
        a.waitForConfirmsOrDie(TIMEOUT.toMillis());
        b.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(new TreeSet<>(List.of(1L, 2L, 3L)), first.acked);
        assertEquals(new TreeSet<>(List.of(1L)), second.acked);
    }

    @Test
    void confirmSelectIsIdempotent() throws Exception {
        String q = declareQueue("q");
        Channel ch = connection.createChannel();
        ch.confirmSelect();
        ch.basicPublish("", q, null, bytes("1"));
        ch.confirmSelect();
        ch.basicPublish("", q, null, bytes("2"));
        assertEquals(3, ch.getNextPublishSeqNo());
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(2, readyCount(q));
    }

    @Test
    void publishingToAMissingExchangeIsAChannelErrorNotANack() throws Exception {
        Confirms confirms = new Confirms();
        Channel ch = confirming(confirms);
        String missing = name("nope");
        assertChannelError(404, "NOT_FOUND - no exchange '" + missing + "' in vhost '/'", ch,
                c -> c.basicPublish(missing, "k", null, bytes("lost")));
        assertEquals(List.of(), confirms.nacked);
        assertEquals(List.of(), confirms.events);
    }

    @Test
    void confirmModeRefusesTransactions() throws Exception {
        assertChannelError(406, "PRECONDITION_FAILED - cannot switch from confirm to tx mode", channel, ch -> {
            ch.confirmSelect();
            ch.txSelect();
        });
    }
}
