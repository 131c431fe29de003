package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priority queues (x-max-priority). */
class PriorityTest extends MessagingTestSupport {

    private static AMQP.BasicProperties priority(Integer p) {
        return new AMQP.BasicProperties.Builder().priority(p).build();
    }

    private String priorityQueue(int max) throws Exception {
        String q = name("prio" + max);
        channel.queueDeclare(q, false, false, false, Map.of("x-max-priority", max));
        return q;
    }

    @Test
    void higherPriorityFirstFifoWithinAPriority() throws Exception {
        String q = priorityQueue(10);
        Channel ch = confirmChannel();
        int[] priorities = {1, 5, 1, 10, 5, 0};
        for (int i = 0; i < priorities.length; i++) ch.basicPublish("", q, priority(priorities[i]), bytes("p" + priorities[i] + "-" + i));
        ch.basicPublish("", q, priority(null), bytes("none"));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(List.of("p10-3", "p5-1", "p5-4", "p1-0", "p1-2", "p0-5", "none"), drain(q));
    }

    @Test
    void prioritiesAboveTheMaximumCountAsTheMaximum() throws Exception {
        String q = priorityQueue(3);
        Channel ch = confirmChannel();
        ch.basicPublish("", q, priority(3), bytes("three"));
        ch.basicPublish("", q, priority(200), bytes("two-hundred"));
        ch.basicPublish("", q, priority(2), bytes("two"));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(List.of("three", "two-hundred", "two"), drain(q));
    }

    @Test
    void requeuedMessagesGoBackToTheirPlaceInTheirPriority() throws Exception {
        String q = priorityQueue(5);
        Channel ch = confirmChannel();
        ch.basicPublish("", q, priority(1), bytes("low-a"));
        ch.basicPublish("", q, priority(5), bytes("high-a"));
        ch.basicPublish("", q, priority(5), bytes("high-b"));
        ch.basicPublish("", q, priority(1), bytes("low-b"));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        List<GetResponse> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) taken.add(channel.basicGet(q, false));
        assertEquals(List.of("high-a", "high-b", "low-a"), taken.stream().map(MessagingTestSupport::text).toList());
        channel.basicNack(taken.get(2).getEnvelope().getDeliveryTag(), true, true); // all three back
        ch.basicPublish("", q, priority(5), bytes("high-c"));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(List.of("high-a", "high-b", "high-c", "low-a", "low-b"), drain(q));
    }

    @Test
    void aConsumerGetsTheHighestPriorityFirst() throws Exception {
        String q = priorityQueue(9);
        Channel ch = confirmChannel();
        for (int i = 0; i < 10; i++) ch.basicPublish("", q, priority(i), bytes("p" + i));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        Channel consumer = connection.createChannel();
        consumer.basicQos(1);
        Inbox inbox = consume(consumer, q, false);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var d = inbox.next();
            order.add(text(d));
            consumer.basicAck(d.getEnvelope().getDeliveryTag(), false);
        }
        assertEquals(List.of("p9", "p8", "p7", "p6", "p5", "p4", "p3", "p2", "p1", "p0"), order);
    }

    @Test
    void invalidMaximumsAreRefused() throws Exception {
        String q = name("bad");
        assertChannelError(406, "PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue '" + q
                + "' in vhost '/': {max_value_exceeded,256}", channel,
                c -> c.queueDeclare(q, false, false, false, Map.of("x-max-priority", 256)));
        Channel ch = connection.createChannel();
        assertChannelError(406, "PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue '" + q
                + "' in vhost '/': {value_negative,-1}", ch,
                c -> c.queueDeclare(q, false, false, false, Map.of("x-max-priority", -1)));
        Channel ch2 = connection.createChannel();
        assertChannelError(406, "PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue '" + q
                + "' in vhost '/': \"expected integer, got longstr\"", ch2,
                c -> c.queueDeclare(q, false, false, false, Map.of("x-max-priority", "x")));
    }
}
