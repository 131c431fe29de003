package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import io.warren.broker.TestBroker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Publishing (mandatory, immediate, properties, bodies) and consuming (tags, exclusivity, priorities, cancel, get). */
class PublishConsumeTest extends MessagingTestSupport {
    private static final String CONSUMER_TAG = "amq\\.ctag-[A-Za-z0-9_-]{22}";

    @Test
    void publishingToAMissingExchangeClosesTheChannel() throws Exception {
        String missing = name("nope");
        assertChannelError(404, "NOT_FOUND - no exchange '" + missing + "' in vhost '/'", channel,
                ch -> publish(ch, missing, "k", "lost"));
    }

    @Test
    void mandatoryUnroutableMessagesAreReturned() throws Exception {
        String x = declareExchange("x", "direct");
        String q = boundQueue("q", x, "bound");
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .messageId("id-1").headers(Map.of("h", "v")).build();
        List<Return> returns = publishMandatory(x, "unbound", props, "back to sender");
        assertEquals(1, returns.size());
        Return r = returns.get(0);
        assertEquals(312, r.getReplyCode());
        assertEquals("NO_ROUTE", r.getReplyText());
        assertEquals(x, r.getExchange());
        assertEquals("unbound", r.getRoutingKey());
        assertEquals("back to sender", text(r.getBody()));
        assertEquals("id-1", r.getProperties().getMessageId());
        assertEquals("v", String.valueOf(r.getProperties().getHeaders().get("h")));

        assertEquals(List.of(), publishMandatory(x, "bound", null, "routed"), "a routed message is not returned");
        assertEquals(List.of("routed"), drain(q));
        List<Return> viaDefault = publishMandatory("", name("no-such-queue"), null, "nowhere");
        assertEquals(1, viaDefault.size());
        assertEquals("", viaDefault.get(0).getExchange());
    }

    @Test
    void unroutableMessagesWithoutMandatoryAreDropped() throws Exception {
        Channel ch = connection.createChannel();
        List<Return> returns = new ArrayList<>();
        ch.addReturnListener(returns::add);
        ch.confirmSelect();
        ch.basicPublish("amq.direct", name("unbound"), false, null, bytes("dropped"));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(List.of(), returns);
        assertTrue(ch.isOpen());
    }

    @Test
    void immediateIsNotImplemented() throws Exception {
        String q = declareQueue("q");
        assertConnectionError(540, "NOT_IMPLEMENTED - immediate=true", connection,
                ch -> ch.basicPublish("", q, false, true, null, bytes("now")));
    }

    @Test
    void userIdMustBeTheAuthenticatedUser() throws Exception {
        String q = declareQueue("q");
        publishConfirmed("", q, new AMQP.BasicProperties.Builder().userId("guest").build(), "mine");
        assertEquals("guest", channel.basicGet(q, true).getProps().getUserId());
        assertChannelError(406, "PRECONDITION_FAILED - user_id property set to 'bob' but authenticated user was 'guest'",
                channel, ch -> ch.basicPublish("", q, new AMQP.BasicProperties.Builder().userId("bob").build(), bytes("forged")));
    }

    @Test
    void everyPropertyAndHeaderTypeSurvivesTheTrip() throws Exception {
        String q = declareQueue("q");
        Map<String, Object> headers = new HashMap<>();
        headers.put("string", "text");
        headers.put("int", 42);
        headers.put("long", 1L << 40);
        headers.put("short", (short) -7);
        headers.put("byte", (byte) 9);
        headers.put("bool", true);
        headers.put("double", 2.5d);
        headers.put("float", 1.25f);
        headers.put("decimal", new BigDecimal("12.345"));
        headers.put("timestamp", new Date(1_700_000_000_000L));
        headers.put("bytes", new byte[] {1, 2, 3});
        headers.put("table", Map.of("nested", "yes"));
        headers.put("array", List.of(1, "two", false));
        headers.put("void", null);
        AMQP.BasicProperties sent = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("gzip").headers(headers).deliveryMode(2).priority(5)
                .correlationId("corr").replyTo("somewhere").expiration("60000").messageId("msg")
                .timestamp(new Date(1_700_000_000_000L)).type("kind").userId("guest").appId("app").clusterId("cluster")
                .build();
        publishConfirmed("", q, sent, "payload");
        AMQP.BasicProperties got = channel.basicGet(q, true).getProps();
        assertEquals("application/json", got.getContentType());
        assertEquals("gzip", got.getContentEncoding());
        assertEquals(2, got.getDeliveryMode());
        assertEquals(5, got.getPriority());
        assertEquals("corr", got.getCorrelationId());
        assertEquals("somewhere", got.getReplyTo());
        assertEquals("60000", got.getExpiration());
        assertEquals("msg", got.getMessageId());
        assertEquals(new Date(1_700_000_000_000L), got.getTimestamp());
        assertEquals("kind", got.getType());
        assertEquals("guest", got.getUserId());
        assertEquals("app", got.getAppId());
        assertEquals("cluster", got.getClusterId());
        Map<String, Object> h = got.getHeaders();
        assertEquals(headers.keySet(), h.keySet());
        assertEquals("text", h.get("string").toString());
        assertEquals(42, h.get("int"));
        assertEquals(1L << 40, h.get("long"));
        assertEquals((short) -7, h.get("short"));
        assertEquals((byte) 9, h.get("byte"));
        assertEquals(true, h.get("bool"));
        assertEquals(2.5d, h.get("double"));
        assertEquals(1.25f, h.get("float"));
        assertEquals(new BigDecimal("12.345"), h.get("decimal"));
        assertEquals(new Date(1_700_000_000_000L), h.get("timestamp"));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) h.get("bytes"));
        assertEquals("{nested=yes}", h.get("table").toString());
        assertEquals("[1, two, false]", h.get("array").toString());
        assertNull(h.get("void"));
    }

    @Test
    void emptyAndMultiFrameBodiesArriveIntact() throws Exception {
        String q = declareQueue("q");
        int frameBody = 131072 - 8; // frame_max minus the frame overhead
        Random random = new Random(7);
        List<byte[]> bodies = new ArrayList<>();
        for (int size : new int[] {0, 1, frameBody - 1, frameBody, frameBody + 1, 1_000_000}) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            bodies.add(body);
        }
        Channel ch = confirmChannel();
        for (byte[] body : bodies) ch.basicPublish("", q, null, body);
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        Inbox inbox = consume(channel, q, true);
        for (byte[] body : bodies) assertArrayEquals(body, inbox.next().getBody(), "body of " + body.length + " bytes");
    }

    @Test
    void aQueueDeliversInPublishOrder() throws Exception {
        String q = declareQueue("q");
        List<String> bodies = numbered("m", 1000);
        sendConfirmed(q, bodies.toArray(String[]::new));
        Inbox inbox = consume(channel, q, true);
        assertEquals(bodies, inbox.nextBodies(1000));
    }

    @Test
    void consumerTagsAreGeneratedOrTakenAsGiven() throws Exception {
        String q1 = declareQueue("q1");
        String q2 = declareQueue("q2");
        Inbox generated = consume(channel, q1, true);
        assertTrue(generated.tag.matches(CONSUMER_TAG), generated.tag);
        Inbox given = new Inbox(channel);
        assertEquals("my-tag", channel.basicConsume(q2, true, "my-tag", given));
        // tags are per channel: another channel may use the same one
        Channel other = connection.createChannel();
        assertEquals("my-tag", other.basicConsume(q1, false, "my-tag", new Inbox(other)));
        sendConfirmed(q2, "to the given tag");
        given.next();
        assertEquals(List.of("my-tag"), given.consumerTags);
        other.close();
        sendConfirmed(q1, "to the generated tag");
        generated.next();
        assertEquals(List.of(generated.tag), generated.consumerTags);
    }

    @Test
    void reusingAConsumerTagOnAChannelIsAConnectionError() throws Exception {
        String q = declareQueue("q");
        assertConnectionError(530, "NOT_ALLOWED - attempt to reuse consumer tag 't'", connection, ch -> {
            ch.basicConsume(q, true, "t", new Inbox(ch));
            ch.basicConsume(q, true, "t", new Inbox(ch));
        });
    }

    @Test
    void consumingFromAMissingQueueFails() throws Exception {
        String missing = name("nope");
        assertChannelError(404, "NOT_FOUND - no queue '" + missing + "' in vhost '/'", channel,
                ch -> ch.basicConsume(missing, true, new Inbox(ch)));
    }

    @Test
    void exclusiveConsumersKeepTheQueueToThemselves() throws Exception {
        String q14 = declareQueue("q14");
        String inUse = "ACCESS_REFUSED - queue '" + q14 + "' in vhost '/' in exclusive use";
        Inbox exclusive = new Inbox(channel);
        channel.basicConsume(q14, true, "", false, true, null, exclusive);
        assertChannelError(403, inUse, connection.createChannel(), ch -> ch.basicConsume(q14, true, new Inbox(ch)));
        assertChannelError(403, inUse, newConnection().createChannel(),
                ch -> ch.basicConsume(q14, true, "", false, true, null, new Inbox(ch)));
        sendConfirmed(q14, "only mine");
        assertEquals("only mine", text(exclusive.next()));

        String q = declareQueue("shared");
        consume(channel, q, true);
        assertChannelError(403, "ACCESS_REFUSED - queue '" + q + "' in vhost '/' in exclusive use",
                connection.createChannel(), ch -> ch.basicConsume(q, true, "", false, true, null, new Inbox(ch)));
    }

    @Test
    void noAckConsumersTakeMessagesOffTheQueueAtOnce() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "1", "2", "3");
        Channel consumerChannel = connection.createChannel();
        Inbox inbox = consume(consumerChannel, q, true);
        List<Delivery> deliveries = inbox.next(3);
        assertEquals(List.of(1L, 2L, 3L), deliveries.stream().map(d -> d.getEnvelope().getDeliveryTag()).toList());
        consumerChannel.close();
        assertEquals(0, readyCount(q), "nothing to requeue");
    }

    @Test
    void equalConsumersShareMessagesRoundRobin() throws Exception {
        String q = declareQueue("q");
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < 3; i++) inboxes.add(consume(connection.createChannel(), q, false));
        sendConfirmed(q, numbered("m", 30).toArray(String[]::new));
        Set<String> all = new HashSet<>();
        for (Inbox inbox : inboxes) all.addAll(inbox.nextBodies(10));
        assertEquals(new HashSet<>(numbered("m", 30)), all);
    }

    @Test
    void higherPriorityConsumersWithCreditGetMessagesFirst() throws Exception {
        String q = declareQueue("q");
        Channel highChannel = connection.createChannel();
        highChannel.basicQos(2);
        Inbox high = consume(highChannel, q, false, Map.of("x-priority", 10));
        Channel lowChannel = connection.createChannel();
        Inbox low = consume(lowChannel, q, false, Map.of("x-priority", 1));
        Inbox lowest = consume(lowChannel, q, false); // priority 0
        sendConfirmed(q, "m0", "m1", "m2", "m3", "m4");
        List<Delivery> toHigh = high.next(2);
        assertEquals(List.of("m0", "m1"), toHigh.stream().map(MessagingTestSupport::text).toList());
        assertEquals(List.of("m2", "m3", "m4"), low.nextBodies(3));
        // credit back: the high-priority consumer is first again
        highChannel.basicAck(toHigh.get(0).getEnvelope().getDeliveryTag(), false);
        sendConfirmed(q, "m5");
        assertEquals("m5", text(high.next()));
        assertEquals(3, low.receivedCount());
        assertEquals(0, lowest.receivedCount());
    }

    @Test
    void cancelledConsumersGetNoMoreMessages() throws Exception {
        String q = declareQueue("q");
        Inbox inbox = consume(channel, q, true);
        channel.basicCancel(inbox.tag);
        assertEquals(inbox.tag, await(inbox.cancelOk, "basic.cancel-ok"));
        sendConfirmed(q, "after cancel");
        assertEquals(1, readyCount(q));
        assertEquals(0, inbox.receivedCount());
        assertEquals(0, consumerCount(q));
    }

    @Test
    void theBrokerCancelsConsumersOfADeletedQueue() throws Exception {
        String q = declareQueue("q");
        Channel consumerChannel = connection.createChannel();
        Inbox inbox = consume(consumerChannel, q, false);
        newConnection().createChannel().queueDelete(q);
        assertEquals(inbox.tag, await(inbox.cancelledByBroker, "basic.cancel from the broker"));
        assertFalse(inbox.cancelOk.isDone());
        assertTrue(consumerChannel.isOpen(), "the channel survives");
    }

    @Test
    void basicGetReportsWhatIsLeft() throws Exception {
        String q = declareQueue("q");
        assertNull(channel.basicGet(q, false), "get-empty");
        sendConfirmed(q, "a", "b", "c");
        GetResponse first = channel.basicGet(q, false);
        assertEquals("a", text(first));
        assertEquals(2, first.getMessageCount());
        assertEquals(1, first.getEnvelope().getDeliveryTag());
        assertFalse(first.getEnvelope().isRedeliver());
        assertEquals("", first.getEnvelope().getExchange());
        assertEquals(q, first.getEnvelope().getRoutingKey());
        GetResponse second = channel.basicGet(q, true);
        assertEquals("b", text(second));
        assertEquals(1, second.getMessageCount());
        assertEquals(2, second.getEnvelope().getDeliveryTag());
        GetResponse third = channel.basicGet(q, true);
        assertEquals(0, third.getMessageCount());
        assertNull(channel.basicGet(q, true));
        assertEquals(0, readyCount(q));
        channel.basicAck(first.getEnvelope().getDeliveryTag(), false);
    }

    /**
     * Needs {@code max_message_size}, so runs against Warren only. The text is rabbit_channel:check_msg_size's
     * (RabbitMQ 3.10) for a configured limit; the shared reference broker runs with the default limit.
     */
    @Test
    void messagesOverTheConfiguredMaxSizeAreRefused() throws Exception {
        Assumptions.assumeFalse(TestBroker.external(), "needs broker settings");
        try (TestBroker small = TestBroker.start("max_message_size=1024");
             Connection c = small.connectionFactory().newConnection()) {
            Channel ch = c.createChannel();
            String q = ch.queueDeclare().getQueue();
            ch.confirmSelect();
            ch.basicPublish("", q, null, new byte[1024]);
            ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
            assertEquals(1, ch.queueDeclarePassive(q).getMessageCount(), "exactly the limit is fine");
            assertChannelError(406, "PRECONDITION_FAILED - message size 1025 is larger than configured max size 1024",
                    ch, x -> x.basicPublish("", q, null, new byte[1025]));
        }
    }
}
