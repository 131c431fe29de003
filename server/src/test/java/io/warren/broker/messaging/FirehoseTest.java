package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.TestBroker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The firehose (trace_on): copies of published and delivered messages on amq.rabbitmq.trace, with RabbitMQ's headers. */
class FirehoseTest extends MessagingTestSupport {

    @BeforeEach
    void warrenOnly() {
        assumeFalse(TestBroker.external(), "switches the firehose of the in-process broker");
    }

    @Test
    void publishesAndDeliveriesAreCopiedWhileTracingIsOn() throws Exception {
        String traced = name("traced");
        channel.queueDeclare(traced, false, true, false, null);
        channel.queueBind(traced, "amq.rabbitmq.trace", "#");
        String q = declareQueue("work");
        broker.broker().virtualHosts().get("/").firehose().on(true);
        publishConfirmed("", q, new AMQP.BasicProperties.Builder().contentType("text/plain").headers(Map.of("a", 1)).build(), "hello");
        GetResponse got = channel.basicGet(q, true);
        assertEquals("hello", text(got));
        eventually("both copies arrive", () -> readyCount(traced) == 2);
        GetResponse publish = channel.basicGet(traced, true);
        assertEquals("publish.", publish.getEnvelope().getRoutingKey());
        assertEquals("hello", text(publish));
        Map<String, Object> h = publish.getProps().getHeaders();
        assertEquals("", h.get("exchange_name").toString());
        assertEquals(List.of(q), ((List<?>) h.get("routing_keys")).stream().map(Object::toString).toList());
        assertEquals(List.of(q), ((List<?>) h.get("routed_queues")).stream().map(Object::toString).toList());
        assertEquals("guest", h.get("user").toString());
        assertEquals("/", h.get("vhost").toString());
        assertEquals("text/plain", ((Map<?, ?>) h.get("properties")).get("content_type").toString());
        GetResponse deliver = channel.basicGet(traced, true);
        assertEquals("deliver." + q, deliver.getEnvelope().getRoutingKey());
        assertEquals(0, deliver.getProps().getHeaders().get("redelivered"));
        broker.broker().virtualHosts().get("/").firehose().on(false);
        sendConfirmed(q, "untraced");
        assertEquals("untraced", text(channel.basicGet(q, true)));
        // what is left are the traces of our own two gets from the trace queue (as in RabbitMQ), nothing newer
        for (GetResponse left; (left = channel.basicGet(traced, true)) != null; ) {
            assertEquals("deliver." + traced, left.getEnvelope().getRoutingKey());
        }
    }
}
