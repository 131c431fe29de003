package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dead-lettering: rejected, expired and maxlen messages republished with RabbitMQ's x-death history. */
class DeadLetterTest extends MessagingTestSupport {

    private String dlxQueue(String base, String dlx, String key) throws Exception {
        return boundQueue(base, dlx, key);
    }

    @Test
    void rejectedMessageIsDeadLetteredWithXDeath() throws Exception {
        String dlx = declareExchange("dlx", "direct");
        String dead = dlxQueue("dead", dlx, "work-key");
        String work = name("work");
        channel.queueDeclare(work, false, false, false, Map.of("x-dead-letter-exchange", dlx));
        publishConfirmed("", work, new AMQP.BasicProperties.Builder().headers(Map.of("CC", List.of("work-key"))).build(), "m");
        // "work-key" routes nowhere on the default exchange; the CC key shows up in routing-keys
        GetResponse got = channel.basicGet(work, false);
        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
        eventually("the message reaches the dead-letter queue", () -> readyCount(dead) == 1);
        GetResponse d = channel.basicGet(dead, true);
        Map<String, Object> headers = d.getProps().getHeaders();
        List<?> deaths = (List<?>) headers.get("x-death");
        assertEquals(1, deaths.size());
        Map<?, ?> death = (Map<?, ?>) deaths.get(0);
        assertEquals(1L, death.get("count"));
        assertEquals("rejected", death.get("reason").toString());
        assertEquals(work, death.get("queue").toString());
        assertEquals("", death.get("exchange").toString());
        assertEquals(List.of(work, "work-key"), keys(death));
        assertInstanceOf(Date.class, death.get("time"));
        assertEquals("rejected", headers.get("x-first-death-reason").toString());
        assertEquals(work, headers.get("x-first-death-queue").toString());
        assertEquals("", headers.get("x-first-death-exchange").toString());
        assertEquals(dlx, d.getEnvelope().getExchange());
        assertEquals(work, d.getEnvelope().getRoutingKey());
    }

    @Test
    void twoDeadLetteringsThroughTwoQueuesRecordBothInOrder() throws Exception {
        String dlx = declareExchange("dlx", "direct");
        String first = name("first");
        String second = name("second");
        String last = name("last");
        channel.queueDeclare(first, false, false, false, Map.of("x-dead-letter-exchange", dlx,
                "x-dead-letter-routing-key", "to-second", "x-message-ttl", 0));
        channel.queueDeclare(second, false, false, false, Map.of("x-dead-letter-exchange", dlx,
                "x-dead-letter-routing-key", "to-last"));
        channel.queueDeclare(last, false, false, false, null);
        channel.queueBind(second, dlx, "to-second");
        channel.queueBind(last, dlx, "to-last");
        publishConfirmed("", first, new AMQP.BasicProperties.Builder().expiration("60000").build(), "m");
        eventually("expired into the second queue", () -> readyCount(second) == 1);
        GetResponse got = channel.basicGet(second, false);
        assertNull(got.getProps().getExpiration(), "the expiration is removed when dead-lettered");
        channel.basicNack(got.getEnvelope().getDeliveryTag(), false, false);
        eventually("rejected into the last queue", () -> readyCount(last) == 1);
        GetResponse d = channel.basicGet(last, true);
        Map<String, Object> headers = d.getProps().getHeaders();
        List<?> deaths = (List<?>) headers.get("x-death");
        assertEquals(2, deaths.size());
        Map<?, ?> newest = (Map<?, ?>) deaths.get(0);
        Map<?, ?> oldest = (Map<?, ?>) deaths.get(1);
        assertEquals("rejected", newest.get("reason").toString());
        assertEquals(second, newest.get("queue").toString());
        assertEquals(dlx, newest.get("exchange").toString());
        assertEquals(List.of("to-second"), keys(newest));
        assertEquals(1L, newest.get("count"));
        assertNull(newest.get("original-expiration"));
        assertEquals("expired", oldest.get("reason").toString());
        assertEquals(first, oldest.get("queue").toString());
        assertEquals("", oldest.get("exchange").toString());
        assertEquals(List.of(first), keys(oldest));
        assertEquals(1L, oldest.get("count"));
        assertEquals("60000", oldest.get("original-expiration").toString());
        assertEquals("expired", headers.get("x-first-death-reason").toString());
        assertEquals(first, headers.get("x-first-death-queue").toString());
        assertEquals("", headers.get("x-first-death-exchange").toString());
        assertEquals("to-last", d.getEnvelope().getRoutingKey());
    }

    @Test
    void aRejectionLoopCountsUpInOneEntry() throws Exception {
        String q = name("loop");
        channel.queueDeclare(q, false, false, false, Map.of("x-dead-letter-exchange", ""));
        sendConfirmed(q, "m");
        for (int i = 1; i <= 3; i++) {
            int round = i;
            eventually("the message is back", () -> readyCount(q) == 1);
            GetResponse got = channel.basicGet(q, false);
            if (round > 1) {
                List<?> deaths = (List<?>) got.getProps().getHeaders().get("x-death");
                assertEquals(1, deaths.size());
                assertEquals((long) round - 1, ((Map<?, ?>) deaths.get(0)).get("count"));
            }
            channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
        }
    }

    @Test
    void anAutomaticCycleIsDropped() throws Exception {
        String q = name("cycle");
        channel.queueDeclare(q, false, false, false, Map.of("x-dead-letter-exchange", "", "x-message-ttl", 1));
        sendConfirmed(q, "m");
        // expired back into itself: the second expiry closes an automatic cycle and the message is dropped
        eventually("the message is gone", () -> readyCount(q) == 0);
        AMQP.Queue.DeclareOk ok = inspect(q);
        assertEquals(0, ok.getMessageCount());
    }

    @Test
    void aMissingDeadLetterExchangeDropsSilently() throws Exception {
        String q = name("nodlx");
        channel.queueDeclare(q, false, false, false, Map.of("x-dead-letter-exchange", name("missing")));
        sendConfirmed(q, "m");
        GetResponse got = channel.basicGet(q, false);
        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
        assertEquals(0, readyCount(q));
        assertTrue(channel.isOpen());
    }

    @Test
    void droppedHeadsAreDeadLetteredAsMaxlen() throws Exception {
        String dead = declareQueue("dead");
        String q = name("bounded");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length", 2, "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", dead));
        sendConfirmed(q, "a", "b", "c", "d");
        assertEquals(List.of("c", "d"), drain(q));
        eventually("two dead letters", () -> readyCount(dead) == 2);
        GetResponse d = channel.basicGet(dead, true);
        assertEquals("a", text(d));
        Map<?, ?> death = (Map<?, ?>) ((List<?>) d.getProps().getHeaders().get("x-death")).get(0);
        assertEquals("maxlen", death.get("reason").toString());
    }

    @Test
    void deadLetterRoutingKeyWithoutExchangeIsRefused() throws Exception {
        String q = name("bad");
        assertChannelError(406, "PRECONDITION_FAILED - invalid arg 'x-dead-letter-routing-key' for queue '" + q
                + "' in vhost '/': routing_key_but_no_dlx_defined", channel,
                ch -> ch.queueDeclare(q, false, false, false, Map.of("x-dead-letter-routing-key", "k")));
    }

    private static List<String> keys(Map<?, ?> death) {
        Object keys = death.get("routing-keys");
        assertNotNull(keys);
        return ((List<?>) keys).stream().map(k -> k instanceof LongString s ? s.toString() : k.toString()).toList();
    }
}
