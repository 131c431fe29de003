package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** x-single-active-consumer: one consumer receives; the next takes over when it goes. */
class SingleActiveConsumerTest extends MessagingTestSupport {

    private String sacQueue() throws Exception {
        String q = name("sac");
        channel.queueDeclare(q, false, false, false, Map.of("x-single-active-consumer", true));
        return q;
    }

    @Test
    void onlyTheFirstConsumerReceives() throws Exception {
        String q = sacQueue();
        Inbox first = consume(connection.createChannel(), q, true);
        Inbox second = consume(connection.createChannel(), q, true);
        sendConfirmed(q, numbered("m", 20).toArray(String[]::new));
        assertEquals(numbered("m", 20), first.nextBodies(20));
        assertEquals(0, second.receivedCount());
        assertEquals(2, consumerCount(q));
    }

    @Test
    void onCancelTheNextConsumerTakesOver() throws Exception {
        String q = sacQueue();
        Channel firstChannel = connection.createChannel();
        Inbox first = consume(firstChannel, q, true);
        Inbox second = consume(connection.createChannel(), q, true);
        sendConfirmed(q, "a");
        assertEquals("a", text(first.next()));
        firstChannel.basicCancel(first.tag);
        sendConfirmed(q, "b");
        assertEquals("b", text(second.next()));
    }

    @Test
    void onChannelCloseUnackedMessagesGoInOrderToTheNext() throws Exception {
        String q = sacQueue();
        Channel firstChannel = connection.createChannel();
        firstChannel.basicQos(3);
        Inbox first = consume(firstChannel, q, false);
        Inbox second = consume(connection.createChannel(), q, false);
        sendConfirmed(q, numbered("m", 6).toArray(String[]::new));
        List<Delivery> held = first.next(3);
        assertEquals(List.of("m0", "m1", "m2"), held.stream().map(MessagingTestSupport::text).toList());
        firstChannel.close();
        List<Delivery> takenOver = second.next(6);
        assertEquals(numbered("m", 6), takenOver.stream().map(MessagingTestSupport::text).toList());
        assertTrue(takenOver.get(0).getEnvelope().isRedeliver());
        assertTrue(!takenOver.get(5).getEnvelope().isRedeliver());
    }

    @Test
    void nonBooleanValueIsRefused() throws Exception {
        String q = name("badsac");
        assertChannelError(406, "PRECONDITION_FAILED - invalid arg 'x-single-active-consumer' for queue '" + q
                + "' in vhost '/': {unacceptable_type,longstr}", channel,
                c -> c.queueDeclare(q, false, false, false, Map.of("x-single-active-consumer", "true")));
    }
}
