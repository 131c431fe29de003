package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Queues: naming, declaration and its checks, exclusivity, auto-delete, bindings, purge and delete. */
class QueueTest extends MessagingTestSupport {
    private static final String SERVER_NAME = "amq\\.gen-[A-Za-z0-9_-]{22}";

    private String lockedText(String queue) {
        return "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '" + queue + "' in vhost '/'. "
                + "It could be originally declared on another connection or the exclusive property value does not "
                + "match that of the original declaration.";
    }

    @Test
    void serverGeneratesNamesForAnonymousQueues() throws Exception {
        AMQP.Queue.DeclareOk first = channel.queueDeclare();
        AMQP.Queue.DeclareOk second = channel.queueDeclare("", false, false, false, null);
        assertTrue(first.getQueue().matches(SERVER_NAME), first.getQueue());
        assertTrue(second.getQueue().matches(SERVER_NAME), second.getQueue());
        assertNotEquals(first.getQueue(), second.getQueue());
        assertEquals(0, first.getMessageCount());
        assertEquals(0, first.getConsumerCount());
        // queueDeclare() is exclusive: another connection may not touch it; the second one is not
        Channel other = newConnection().createChannel();
        other.queueDeclarePassive(second.getQueue());
        assertChannelError(405, lockedText(first.getQueue()), other, ch -> ch.queueDeclarePassive(first.getQueue()));
    }

    @Test
    void passiveDeclareFindsOnlyExistingQueues() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "one", "two");
        AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(q);
        assertEquals(q, ok.getQueue());
        assertEquals(2, ok.getMessageCount());
        String missing = name("nope");
        assertChannelError(404, "NOT_FOUND - no queue '" + missing + "' in vhost '/'", channel,
                ch -> ch.queueDeclarePassive(missing));
    }

    @Test
    void declareOkCountsReadyMessagesAndConsumers() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "a", "b", "c");
        AMQP.Queue.DeclareOk ok = channel.queueDeclare(q, false, false, false, null);
        assertEquals(3, ok.getMessageCount());
        assertEquals(0, ok.getConsumerCount());
        Channel consumerChannel = connection.createChannel();
        consumerChannel.basicQos(1);
        Inbox inbox = consume(consumerChannel, q, false);
        assertEquals("a", text(inbox.next()));
        ok = channel.queueDeclare(q, false, false, false, null);
        assertEquals(2, ok.getMessageCount(), "the unacknowledged message is not counted");
        assertEquals(1, ok.getConsumerCount());
    }

    @Test
    void redeclarationMustMatchDurableAndAutoDelete() throws Exception {
        String q1 = declareQueue("q1");
        String where = " for queue '" + q1 + "' in vhost '/': ";
        assertChannelError(406, "PRECONDITION_FAILED - inequivalent arg 'durable'" + where + "received 'true' but current is 'false'",
                channel, ch -> ch.queueDeclare(q1, true, false, false, null));
        assertChannelError(406, "PRECONDITION_FAILED - inequivalent arg 'auto_delete'" + where + "received 'true' but current is 'false'",
                connection.createChannel(), ch -> ch.queueDeclare(q1, false, false, true, null));
        Channel ok = connection.createChannel();
        assertEquals(q1, ok.queueDeclare(q1, false, false, false, null).getQueue());
    }

    @Test
    void redeclaringWithADifferentExclusiveFlagIsLocked() throws Exception {
        String q26 = declareQueue("q26");
        assertChannelError(405, lockedText(q26), channel, ch -> ch.queueDeclare(q26, false, true, false, null));
        String exclusive = name("exclusive");
        Channel ch2 = connection.createChannel();
        ch2.queueDeclare(exclusive, false, true, false, null);
        ch2.queueDeclare(exclusive, false, true, false, null);
        assertChannelError(405, lockedText(exclusive), ch2, ch -> ch.queueDeclare(exclusive, false, false, false, null));
    }

    @Test
    void redeclarationMustMatchKnownArguments() throws Exception {
        String q2 = declareQueue("q2");
        String prefix = "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue '";
        assertChannelError(406, prefix + q2 + "' in vhost '/': received the value '100' of type 'signedint' but current is none",
                channel, ch -> ch.queueDeclare(q2, false, false, false, Map.of("x-message-ttl", 100)));

        String q3 = name("q3");
        channel = connection.createChannel();
        channel.queueDeclare(q3, false, false, false, Map.of("x-message-ttl", 100));
        assertChannelError(406, prefix + q3 + "' in vhost '/': received '200' but current is '100'",
                channel, ch -> ch.queueDeclare(q3, false, false, false, Map.of("x-message-ttl", 200)));
        assertChannelError(406, prefix + q3 + "' in vhost '/': received none but current is the value '100' of type 'signedint'",
                connection.createChannel(), ch -> ch.queueDeclare(q3, false, false, false, null));

        Channel ok = connection.createChannel();
        // numeric types are compatible when the value is the same
        ok.queueDeclare(q3, false, false, false, Map.of("x-message-ttl", 100L));
        ok.queueDeclare(q3, false, false, false, Map.of("x-message-ttl", (short) 100));
        // unknown arguments are neither validated nor compared
        ok.queueDeclare(q3, false, false, false, Map.of("x-message-ttl", 100, "my-own-argument", "anything"));
    }

    @Test
    void invalidArgumentsAreRefused() throws Exception {
        String q15 = name("q15");
        String prefix = "PRECONDITION_FAILED - invalid arg ";
        assertChannelError(406, prefix + "'x-message-ttl' for queue '" + q15 + "' in vhost '/': {value_negative,-1}",
                channel, ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-message-ttl", -1)));
        assertChannelError(406, prefix + "'x-message-ttl' for queue '" + q15 + "' in vhost '/': \"expected integer, got longstr\"",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-message-ttl", "10")));
        assertChannelError(406, prefix + "'x-expires' for queue '" + q15 + "' in vhost '/': {value_zero,0}",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-expires", 0)));
        assertChannelError(406, prefix + "'x-expires' for queue '" + q15 + "' in vhost '/': {value_negative,-3}",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-expires", -3)));
        assertChannelError(406, prefix + "'x-max-length' for queue '" + q15 + "' in vhost '/': {value_negative,-5}",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-max-length", -5)));
        assertChannelError(406, prefix + "'x-max-length-bytes' for queue '" + q15 + "' in vhost '/': \"expected integer, got longstr\"",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-max-length-bytes", "3")));
        assertChannelError(406, prefix + "'x-max-priority' for queue '" + q15 + "' in vhost '/': {max_value_exceeded,300}",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-max-priority", 300)));
        assertChannelError(406, prefix + "'x-overflow' for queue '" + q15 + "' in vhost '/': invalid_overflow",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-overflow", "sideways")));
        assertChannelError(406, prefix + "'x-queue-mode' for queue '" + q15 + "' in vhost '/': \"unsupported queue mode 'sideways'\"",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-queue-mode", "sideways")));
        assertChannelError(406, prefix + "'x-queue-type' for queue '" + q15 + "' in vhost '/': \"unsupported queue type 'sideways'\"",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-queue-type", "sideways")));
        assertChannelError(406, prefix + "'x-dead-letter-routing-key' for queue '" + q15 + "' in vhost '/': routing_key_but_no_dlx_defined",
                connection.createChannel(), ch -> ch.queueDeclare(q15, false, false, false, Map.of("x-dead-letter-routing-key", "k")));
        assertFalse(queueExists(q15), "no invalid declaration created the queue");
        // valid ones are accepted
        String fine = name("fine");
        connection.createChannel().queueDeclare(fine, false, false, false, Map.of("x-message-ttl", 0, "x-expires", 60_000,
                "x-max-length", 10, "x-max-priority", 255, "x-overflow", "reject-publish", "x-queue-mode", "lazy"));
        // an explicit classic type is equivalent to none
        connection.createChannel().queueDeclare(fine, false, false, false, Map.of("x-message-ttl", 0, "x-expires", 60_000,
                "x-max-length", 10, "x-max-priority", 255, "x-overflow", "reject-publish", "x-queue-mode", "lazy",
                "x-queue-type", "classic"));
    }

    @Test
    void reservedPrefixIsRefusedForNewQueues() throws Exception {
        String reserved = "amq.foo-" + name("q");
        assertChannelError(403, "ACCESS_REFUSED - queue name '" + reserved + "' contains reserved prefix 'amq.*'",
                channel, ch -> ch.queueDeclare(reserved, false, false, false, null));
        // even names that look server-generated
        String generatedLooking = "amq.gen-" + name("mine");
        assertChannelError(403, "ACCESS_REFUSED - queue name '" + generatedLooking + "' contains reserved prefix 'amq.*'",
                connection.createChannel(), ch -> ch.queueDeclare(generatedLooking, false, false, false, null));
    }

    @Test
    void carriageReturnsAndLineFeedsAreStrippedFromQueueNames() throws Exception {
        String q = name("crlf");
        assertEquals(q, channel.queueDeclare("\r" + q + "\r\n", false, false, false, null).getQueue());
        assertEquals(q, channel.queueDeclarePassive("\n" + q).getQueue());
        assertTrue(queueExists(q));
    }

    @Test
    void exclusiveQueueBelongsToItsConnection() throws Exception {
        String q = name("excl");
        channel.queueDeclare(q, false, true, false, null);
        String x = declareExchange("x", "direct");
        // any channel of the owning connection may use it, and closing a channel does not delete it
        Channel second = connection.createChannel();
        second.queueBind(q, x, "k");
        second.close();
        publishConfirmed(x, "k", "m");
        assertEquals(1, readyCount(q));

        Connection other = newConnection();
        String locked = lockedText(q);
        assertChannelError(405, locked, other.createChannel(), ch -> ch.queueDeclarePassive(q));
        assertChannelError(405, locked, other.createChannel(), ch -> ch.queueDeclare(q, false, true, false, null));
        assertChannelError(405, locked, other.createChannel(), ch -> ch.queueDeclare(q, false, false, false, null));
        assertChannelError(405, locked, other.createChannel(), ch -> ch.basicConsume(q, true, new Inbox(ch)));
        assertChannelError(405, locked, other.createChannel(), ch -> ch.basicGet(q, true));
        assertChannelError(405, locked, other.createChannel(), ch -> ch.queuePurge(q));
        assertChannelError(405, locked, other.createChannel(), ch -> ch.queueDelete(q));
        assertChannelError(405, locked, other.createChannel(), ch -> ch.queueBind(q, x, "k2"));
        // publishing to it from elsewhere is fine
        Channel publisher = other.createChannel();
        publisher.confirmSelect();
        publisher.basicPublish("", q, null, bytes("from the other connection"));
        publisher.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(2, readyCount(q));

        connection.close();
        // the deletion follows the close asynchronously (as in RabbitMQ): until then the queue answers 405
        eventually("the exclusive queue is deleted with its connection", () -> {
            Channel observer = other.createChannel();
            try {
                observer.queueDeclarePassive(q);
                observer.close();
                return false;
            } catch (java.io.IOException e) {
                int code = ((AMQP.Channel.Close) observer.getCloseReason().getReason()).getReplyCode();
                if (code == 405) return false;
                assertEquals(404, code);
                return true;
            }
        });
    }

    @Test
    void autoDeleteQueueGoesWhenItsLastConsumerIsCancelled() throws Exception {
        String q = name("auto");
        channel.queueDeclare(q, false, false, true, null);
        sendConfirmed(q, "kept");
        assertTrue(queueExists(q), "never consumed from: stays");
        Inbox first = consume(channel, q, false);
        Inbox second = consume(channel, q, false);
        channel.basicCancel(first.tag);
        assertTrue(queueExists(q), "still has a consumer");
        assertEquals(1, consumerCount(q));
        channel.basicCancel(second.tag);
        eventually("the auto-delete queue is deleted", () -> !queueExists(q));
    }

    @Test
    void autoDeleteQueueGoesWhenTheConsumersChannelCloses() throws Exception {
        String q = name("auto");
        channel.queueDeclare(q, false, false, true, null);
        Channel consumerChannel = connection.createChannel();
        consume(consumerChannel, q, true);
        consumerChannel.close();
        eventually("the auto-delete queue is deleted", () -> !queueExists(q));
    }

    @Test
    void bindAndUnbindControlRouting() throws Exception {
        String x = declareExchange("x", "direct");
        String q = declareQueue("q");
        channel.queueBind(q, x, "k");
        channel.queueBind(q, x, "k"); // binding twice is one binding
        channel.queueBind(q, x, "k", Map.of("arg", "different arguments make another binding"));
        publishConfirmed(x, "k", "bound");
        assertEquals(List.of("bound"), drain(q));
        channel.queueUnbind(q, x, "k");
        publishConfirmed(x, "k", "still bound with arguments");
        assertEquals(List.of("still bound with arguments"), drain(q));
        channel.queueUnbind(q, x, "k", Map.of("arg", "different arguments make another binding"));
        publishConfirmed(x, "k", "unbound");
        assertEquals(List.of(), drain(q));
        channel.queueUnbind(q, x, "never bound"); // unbinding what is not bound is fine
    }

    @Test
    void bindingNeedsAnExistingQueueAndExchangeAndNotTheDefaultExchange() throws Exception {
        String x = declareExchange("x", "direct");
        String q = declareQueue("q");
        String missing = name("nope");
        assertChannelError(404, "NOT_FOUND - no queue '" + missing + "' in vhost '/'", channel,
                ch -> ch.queueBind(missing, x, "k"));
        assertChannelError(404, "NOT_FOUND - no exchange '" + missing + "' in vhost '/'", connection.createChannel(),
                ch -> ch.queueBind(q, missing, "k"));
        String refused = "ACCESS_REFUSED - operation not permitted on the default exchange";
        assertChannelError(403, refused, connection.createChannel(), ch -> ch.queueBind(q, "", q));
        assertChannelError(403, refused, connection.createChannel(), ch -> ch.queueUnbind(q, "", q));
        // with both missing, the exchange is reported
        assertChannelError(404, "NOT_FOUND - no exchange '" + missing + "' in vhost '/'", connection.createChannel(),
                ch -> ch.queueBind(missing, missing, "k"));
        // unbinding is idempotent, even when the queue or the exchange does not exist
        Channel ok = connection.createChannel();
        ok.queueUnbind(missing, x, "k");
        ok.queueUnbind(q, missing, "k");
        ok.exchangeUnbind(missing, x, "k");
    }

    @Test
    void purgeRemovesReadyMessagesOnly() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "1", "2", "3", "4", "5");
        GetResponse unacked = channel.basicGet(q, false);
        assertEquals(4, channel.queuePurge(q).getMessageCount());
        assertEquals(0, readyCount(q));
        channel.basicNack(unacked.getEnvelope().getDeliveryTag(), false, true);
        assertEquals(List.of("1"), drain(q));
        assertEquals(0, channel.queuePurge(q).getMessageCount());
    }

    @Test
    void deleteReportsMessageCountAndHonoursIfUnusedAndIfEmpty() throws Exception {
        String q8 = declareQueue("q8");
        sendConfirmed(q8, "1", "2", "3");
        Channel consumerChannel = connection.createChannel();
        consumerChannel.basicQos(1);
        Inbox inbox = consume(consumerChannel, q8, false);
        inbox.next();
        assertChannelError(406, "PRECONDITION_FAILED - queue '" + q8 + "' in vhost '/' in use", channel,
                ch -> ch.queueDelete(q8, true, false));
        consumerChannel.basicCancel(inbox.tag);
        channel = connection.createChannel();
        assertChannelError(406, "PRECONDITION_FAILED - queue '" + q8 + "' in vhost '/' not empty", channel,
                ch -> ch.queueDelete(q8, false, true));
        channel = connection.createChannel();
        assertEquals(2, channel.queueDelete(q8, true, false).getMessageCount(), "ready messages only");
        assertFalse(queueExists(q8));
        assertEquals(0, channel.queueDelete(name("never-declared")).getMessageCount());
    }

    @Test
    void ifEmptyOnlyLooksAtReadyMessages() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "unacked");
        assertNotNull(channel.basicGet(q, false));
        assertEquals(0, connection.createChannel().queueDelete(q, false, true).getMessageCount());
        assertFalse(queueExists(q));
    }

    @Test
    void deletingAQueueCancelsItsConsumers() throws Exception {
        String q = declareQueue("q");
        Channel consumerChannel = connection.createChannel();
        Inbox inbox = consume(consumerChannel, q, false);
        channel.queueDelete(q);
        assertEquals(inbox.tag, await(inbox.cancelledByBroker, "basic.cancel from the broker"));
        assertTrue(consumerChannel.isOpen());
    }

    @Test
    void emptyQueueNameMeansTheLastQueueDeclaredOnTheChannel() throws Exception {
        String noneYet = "NOT_FOUND - no previously declared queue";
        assertChannelError(404, noneYet, channel, ch -> ch.basicGet("", true));
        assertChannelError(404, noneYet, connection.createChannel(), ch -> ch.queuePurge(""));
        assertChannelError(404, noneYet, connection.createChannel(), ch -> ch.basicConsume("", new Inbox(ch)));
        assertChannelError(404, noneYet, connection.createChannel(), ch -> ch.queueDelete(""));
        assertChannelError(404, noneYet, connection.createChannel(), ch -> ch.queueBind("", "amq.direct", "k"));
        // but a passive declaration does not expand the empty name
        assertChannelError(404, "NOT_FOUND - no queue '' in vhost '/'", connection.createChannel(), ch -> ch.queueDeclarePassive(""));

        channel = connection.createChannel();
        String q = declareQueue("q");
        String x = declareExchange("x", "direct");
        // an empty routing key with an empty queue name is the queue's name too
        channel.queueBind("", x, "");
        publishConfirmed(x, q, "via binding");
        assertEquals("via binding", text(channel.basicGet("", true)));
        sendConfirmed(q, "a", "b");
        assertEquals(2, channel.queuePurge("").getMessageCount());
        // a passive declaration counts as declaring
        String other = declareQueue("other");
        channel.queueDeclarePassive(q);
        sendConfirmed(q, "c");
        assertEquals("c", text(channel.basicGet("", true)));
        assertNull(channel.basicGet(other, true));
        // each channel has its own
        assertChannelError(404, noneYet, connection.createChannel(), ch -> ch.basicGet("", true));
        assertChannelError(404, "NOT_FOUND - no queue '' in vhost '/'", connection.createChannel(), ch -> {
            ch.queueDeclare(q, false, false, false, null);
            ch.queueDeclarePassive("");
        });
        channel.queueDelete("");
        assertFalse(queueExists(q));
    }

    @Test
    void noWaitVariantsTakeEffect() throws Exception {
        String x = name("x");
        String q = name("q");
        channel.exchangeDeclareNoWait(x, "direct", false, false, false, null);
        channel.queueDeclareNoWait(q, false, false, false, null);
        channel.queueBindNoWait(q, x, "k", null);
        // no replies: a round trip on the same channel is what orders them before what other channels do
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
        publishConfirmed(x, "k", "routed");
        assertEquals(1, readyCount(q));
        channel.queueDeleteNoWait(q, false, false);
        channel.exchangeDeleteNoWait(x, false);
        channel.exchangeDeclarePassive("amq.direct");
        assertFalse(queueExists(q));
        assertFalse(exchangeExists(x));
    }

    @Test
    void closingAChannelRemovesItsConsumers() throws Exception {
        String q = declareQueue("q");
        Channel consumers = connection.createChannel();
        consume(consumers, q, true);
        consume(consumers, q, false);
        assertEquals(2, consumerCount(q));
        consumers.close();
        assertEquals(0, consumerCount(q));
    }
}
