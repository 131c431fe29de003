package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import io.warren.broker.TestBroker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The x-delayed-message exchange type (RabbitMQ's delayed message plugin, which the reference broker lacks). */
class DelayedMessageTest extends MessagingTestSupport {

    @BeforeEach
    void warrenOnly() {
        assumeFalse(TestBroker.external(), "the reference broker has no delayed message plugin");
    }

    private String delayedExchange(String type) throws Exception {
        String x = name("delayed");
        channel.exchangeDeclare(x, "x-delayed-message", true, false, Map.of("x-delayed-type", type));
        return x;
    }

    private static AMQP.BasicProperties delay(Object millis) {
        return new AMQP.BasicProperties.Builder().headers(Map.of("x-delay", millis)).build();
    }

    @Test
    void aDelayedMessageIsRoutedWhenDue() throws Exception {
        String x = delayedExchange("direct");
        String q = boundQueue("q", x, "k");
        Inbox inbox = consume(connection.createChannel(), q, true);
        long start = System.nanoTime();
        publishConfirmed(x, "k", delay(400), "later");
        publishConfirmed(x, "k", "now");
        assertEquals("now", text(inbox.next()));
        Delivery later = inbox.next();
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("later", text(later));
        assertTrue(waitedMillis >= 400, "delivered after " + waitedMillis + " ms");
        assertEquals(-400, ((Number) later.getProperties().getHeaders().get("x-delay")).intValue(),
                "the plugin negates x-delay on delivery");
    }

    @Test
    void dueOrderFollowsTheDelaysNotThePublishOrder() throws Exception {
        String x = delayedExchange("fanout");
        String q = boundQueue("q", x, "");
        Inbox inbox = consume(connection.createChannel(), q, true);
        publishConfirmed(x, "", delay(600), "third");
        publishConfirmed(x, "", delay(200), "first");
        publishConfirmed(x, "", delay(400), "second");
        assertEquals(List.of("first", "second", "third"), inbox.nextBodies(3));
    }

    @Test
    void theDelayedTypeMustBeAnExistingType() throws Exception {
        String x = name("bad");
        assertChannelError(406, "PRECONDITION_FAILED - Invalid argument, 'x-delayed-type' must be an existing exchange type",
                channel, c -> c.exchangeDeclare(x, "x-delayed-message", true, false, Map.of("x-delayed-type", "nope")));
        assertChannelError(406, "PRECONDITION_FAILED - Invalid argument, 'x-delayed-type' must be an existing exchange type",
                connection.createChannel(), c -> c.exchangeDeclare(x, "x-delayed-message", true, false, null));
    }

    @Test
    void topicBindingsApplyWhenDue() throws Exception {
        String x = delayedExchange("topic");
        String q = boundQueue("q", x, "orders.*");
        String other = boundQueue("other", x, "invoices.#");
        Inbox inbox = consume(connection.createChannel(), q, true);
        publishConfirmed(x, "orders.created", delay(100), "order");
        assertEquals("order", text(inbox.next()));
        assertEquals(0, readyCount(other));
    }

    @Test
    void persistentDelayedMessagesOnADurableExchangeSurviveARestart() throws Exception {
        String x = name("durable-delayed");
        channel.exchangeDeclare(x, "x-delayed-message", true, false, Map.of("x-delayed-type", "direct"));
        String q = name("target");
        channel.queueDeclare(q, true, false, false, null);
        channel.queueBind(q, x, "k");
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2)
                .headers(Map.of("x-delay", 1500)).build();
        AMQP.BasicProperties transientDelayed = new AMQP.BasicProperties.Builder().headers(Map.of("x-delay", 1500)).build();
        publishConfirmed(x, "k", persistent, "kept-1", "kept-2");
        publishConfirmed(x, "k", transientDelayed, "transient");
        assertEquals(0, readyCount(q), "nothing is due yet");
        broker.restart();
        connection = newConnection();
        channel = connection.createChannel();
        eventually("the persistent delayed messages are routed after the restart", () -> readyCount(q) == 2);
        assertEquals(List.of("kept-1", "kept-2"), drain(q));
    }
}
