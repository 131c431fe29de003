package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import io.warren.broker.TestBroker;

/** Direct reply-to: the pseudo-queue {@code amq.rabbitmq.reply-to} for RPC replies without a reply queue. */
class DirectReplyToTest extends MessagingTestSupport {
    private static final String REPLY_TO = "amq.rabbitmq.reply-to";

    private static AMQP.BasicProperties replyTo(String address, String correlationId) {
        return new AMQP.BasicProperties.Builder().replyTo(address).correlationId(correlationId).build();
    }

    /** A channel consuming replies; in confirm mode, so that a request is known to be queued once confirmed. */
    private record Requester(Channel channel, Inbox replies) {
    }

    private Requester requester() throws Exception {
        Channel ch = connection.createChannel();
        ch.confirmSelect();
        return new Requester(ch, consume(ch, REPLY_TO, true));
    }

    /** Sends a request and returns the reply-to address the server sees. */
    private String request(Requester requester, String serverQueue, String correlationId) throws Exception {
        requester.channel().basicPublish("", serverQueue, replyTo(REPLY_TO, correlationId), bytes("request"));
        requester.channel().waitForConfirmsOrDie(TIMEOUT.toMillis());
        GetResponse request = channel.basicGet(serverQueue, true);
        assertNotNull(request, "the request was confirmed but is not in the queue");
        assertEquals(correlationId, request.getProps().getCorrelationId());
        return request.getProps().getReplyTo();
    }

    @Test
    void aResponderRepliesToTheRewrittenAddress() throws Exception {
        String serverQueue = declareQueue("rpc");
        Channel requester = connection.createChannel();
        Inbox replies = consume(requester, REPLY_TO, true);
        assertTrue(replies.tag.startsWith("amq.ctag-"), replies.tag);

        requester.basicPublish("", serverQueue, replyTo(REPLY_TO, "c1"), bytes("what time is it?"));
        Channel server = newConnection().createChannel();
        Inbox serverInbox = consume(server, serverQueue, true);
        Delivery request = serverInbox.next();
        String address = request.getProperties().getReplyTo();
        assertTrue(address.startsWith(REPLY_TO + "."), address);
        assertNotEquals(REPLY_TO + ".", address);

        server.basicPublish("", address, replyTo("amq.rabbitmq.reply-to.not-rewritten", "c1"), bytes("noon"));
        Delivery reply = replies.next();
        assertEquals("noon", text(reply));
        assertEquals("c1", reply.getProperties().getCorrelationId());
        assertEquals("amq.rabbitmq.reply-to.not-rewritten", reply.getProperties().getReplyTo(),
                "only the bare pseudo-queue name is rewritten");
        assertEquals("", reply.getEnvelope().getExchange());
        assertEquals(address, reply.getEnvelope().getRoutingKey());
        assertEquals(replies.tag, replies.consumerTags.get(0));
        assertFalse(reply.getEnvelope().isRedeliver());

        // a second request from the same channel gets the same address
        requester.basicPublish("", serverQueue, replyTo(REPLY_TO, "c2"), bytes("and now?"));
        assertEquals(address, serverInbox.next().getProperties().getReplyTo());
    }

    @Test
    void theReplyConsumerMustBeNoAck() throws Exception {
        assertChannelError(406, "PRECONDITION_FAILED - reply consumer cannot acknowledge", channel,
                ch -> ch.basicConsume(REPLY_TO, false, new Inbox(ch)));
    }

    @Test
    void oneReplyConsumerPerChannel() throws Exception {
        assertChannelError(406, "PRECONDITION_FAILED - reply consumer already set", channel, ch -> {
            ch.basicConsume(REPLY_TO, true, new Inbox(ch));
            ch.basicConsume(REPLY_TO, true, new Inbox(ch));
        });
    }

    @Test
    void requestsNeedAReplyConsumerOnTheChannel() throws Exception {
        String q = declareQueue("rpc");
        String noConsumer = "PRECONDITION_FAILED - fast reply consumer does not exist";
        assertChannelError(406, noConsumer, channel, ch -> ch.basicPublish("", q, replyTo(REPLY_TO, "c"), bytes("?")));
        // nor after it is cancelled
        assertChannelError(406, noConsumer, connection.createChannel(), ch -> {
            Inbox replies = consume(ch, REPLY_TO, true);
            ch.basicCancel(replies.tag);
            ch.basicPublish("", q, replyTo(REPLY_TO, "c"), bytes("?"));
        });
        assertEquals(0, readyCount(q));
    }

    @Test
    void thePseudoQueueCanBeDeclaredButNotRead() throws Exception {
        AMQP.Queue.DeclareOk passive = channel.queueDeclarePassive(REPLY_TO);
        assertEquals(REPLY_TO, passive.getQueue());
        assertEquals(0, passive.getMessageCount());
        assertEquals(1, passive.getConsumerCount(), "RabbitMQ always reports one consumer");
        assertEquals(REPLY_TO, channel.queueDeclare(REPLY_TO, false, false, false, null).getQueue());
        assertChannelError(404, "NOT_FOUND - no queue 'amq.rabbitmq.reply-to' in vhost '/'", channel,
                ch -> ch.basicGet(REPLY_TO, true));
    }

    @Test
    void aLiveAddressCanBeDeclaredPassivelyAndABogusOneCannot() throws Exception {
        String serverQueue = declareQueue("rpc");
        String address = request(requester(), serverQueue, "c");
        AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(address);
        assertEquals(address, ok.getQueue());
        assertEquals(0, ok.getMessageCount());
        assertEquals(1, ok.getConsumerCount());
        String bogus = REPLY_TO + ".bogus";
        assertChannelError(404, "NOT_FOUND - no queue '" + bogus + "' in vhost '/'", channel,
                ch -> ch.queueDeclarePassive(bogus));
    }

    @Test
    void repliesToAGoneRequesterOrViaAnotherExchangeAreUnroutable() throws Exception {
        String serverQueue = declareQueue("rpc");
        Requester requester = requester();
        Inbox replies = requester.replies();
        String address = request(requester, serverQueue, "c");

        List<Return> viaDirect = publishMandatory("amq.direct", address, null, "via amq.direct");
        assertEquals(1, viaDirect.size(), "only the default exchange delivers replies");
        requester.channel().close();
        List<Return> gone = publishMandatory("", address, null, "too late");
        assertEquals(1, gone.size());
        assertEquals(312, gone.get(0).getReplyCode());
        assertEquals("NO_ROUTE", gone.get(0).getReplyText());
        assertEquals(0, replies.receivedCount());
        publishConfirmed("", address, "too late, not mandatory"); // silently dropped
    }

    /**
     * A deliberate difference: RabbitMQ 3.10 delivers a mandatory reply to a live reply-to address
     * AND returns it (312 NO_ROUTE), because the reply bypasses queue routing. The spec returns only
     * unroutable messages, and a client would see a false "unroutable" error, so Warren only delivers it.
     */
    @Test
    void aMandatoryReplyIsDeliveredAndNotReturned() throws Exception {
        assumeFalse(TestBroker.external(), "RabbitMQ also returns it (see above)");
        String serverQueue = declareQueue("rpc");
        Requester requester = requester();
        Inbox replies = requester.replies();
        String address = request(requester, serverQueue, "c");
        List<Return> returns = publishMandatory("", address, null, "mandatory reply");
        assertEquals("mandatory reply", text(replies.next()));
        assertEquals(0, returns.size());
    }
}
