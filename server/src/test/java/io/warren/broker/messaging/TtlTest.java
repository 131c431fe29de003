package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Message TTL (queue and per-message), TTL 0, and queue expiry (x-expires). */
class TtlTest extends MessagingTestSupport {

    private static AMQP.BasicProperties expiring(String millis) {
        return new AMQP.BasicProperties.Builder().expiration(millis).build();
    }

    @Test
    void invalidExpirationsAreRefusedOnPublish() throws Exception {
        String q = declareQueue("q");
        String[][] cases = {
                {"abc", "no_integer"}, {"", "no_integer"}, {"-1", "{value_negative,-1}"},
                {"1.5", "{leftover_string,\".5\"}"}, {"5 ", "{leftover_string,\" \"}"},
                {"315360000001", "{value_too_large,315360000001}"}};
        for (String[] c : cases) {
            Channel ch = connection.createChannel();
            assertChannelError(406, "PRECONDITION_FAILED - invalid expiration '" + c[0] + "': " + c[1], ch,
                    x -> x.basicPublish("", q, expiring(c[0]), bytes("m")));
        }
        publishConfirmed("", q, expiring("+5000"), "signed");
        publishConfirmed("", q, expiring("0010"), "zeros");
    }

    @Test
    void expiredMessagesNeverReachGetAndLeaveTheCount() throws Exception {
        String q = name("ttl");
        channel.queueDeclare(q, false, false, false, Map.of("x-message-ttl", 200));
        sendConfirmed(q, "a", "b");
        eventually("both expired", () -> readyCount(q) == 0);
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void theLowerOfQueueAndMessageTtlWins() throws Exception {
        String q = name("ttl");
        channel.queueDeclare(q, false, false, false, Map.of("x-message-ttl", 60_000));
        publishConfirmed("", q, expiring("100"), "short");
        publishConfirmed("", q, expiring("600000"), "long");
        eventually("the short one expired", () -> readyCount(q) == 1);
        assertEquals(List.of("long"), drain(q));
    }

    /** Warren only: RabbitMQ keeps counting messages that expired behind the head of the queue until they reach it. */
    @Test
    void mixedPerMessageTtlsExpireFromTheMiddleOfTheQueue() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.warren.broker.TestBroker.external());
        String q = declareQueue("mixed");
        List<String> kept = new ArrayList<>();
        Channel ch = confirmChannel();
        for (int i = 0; i < 2000; i++) {
            boolean shortLived = i % 3 != 0;
            ch.basicPublish("", q, expiring(shortLived ? String.valueOf(50 + i % 200) : "600000"), bytes("m" + i));
            if (!shortLived) kept.add("m" + i);
        }
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        eventually("only the long-lived remain counted", () -> readyCount(q) == kept.size());
        assertEquals(kept, drain(q));
    }

    @Test
    void ttlZeroDeliversToAWaitingConsumerOrExpires() throws Exception {
        String q = name("ttl0");
        channel.queueDeclare(q, false, false, false, Map.of("x-message-ttl", 0));
        sendConfirmed(q, "nobody-waiting");
        assertEquals(0, readyCount(q));
        Inbox inbox = consume(connection.createChannel(), q, true);
        sendConfirmed(q, "waited-for");
        assertEquals("waited-for", text(inbox.next()));
    }

    @Test
    void expiredMessagesAreNotDeliveredToLateConsumers() throws Exception {
        String q = declareQueue("late");
        publishConfirmed("", q, expiring("100"), "gone");
        sendConfirmed(q, "stays");
        eventually("the expiring one left", () -> readyCount(q) == 1);
        Inbox inbox = consume(connection.createChannel(), q, true);
        assertEquals("stays", text(inbox.next()));
    }

    @Test
    void requeuedMessagesKeepTheirExpiry() throws Exception {
        String q = declareQueue("requeue");
        publishConfirmed("", q, expiring("300"), "m");
        var got = channel.basicGet(q, false);
        channel.basicReject(got.getEnvelope().getDeliveryTag(), true);
        eventually("expired after its requeue", () -> readyCount(q) == 0);
    }

    @Test
    void anUnusedQueueExpires() throws Exception {
        String q = name("expires");
        channel.queueDeclare(q, false, false, false, Map.of("x-expires", 300));
        eventually("the queue is deleted", () -> isGone(q));
    }

    @Test
    void aQueueWithAConsumerDoesNotExpireUntilItLeaves() throws Exception {
        String q = name("expires");
        channel.queueDeclare(q, false, false, false, Map.of("x-expires", 300));
        Channel consumerChannel = connection.createChannel();
        Inbox inbox = consume(consumerChannel, q, true);
        sendConfirmed(q, "m"); // round trips that take longer than nothing; the queue must still be there
        assertEquals("m", text(inbox.next()));
        assertEquals(1, consumerCount(q));
        consumerChannel.basicCancel(inbox.tag);
        eventually("the queue is deleted once unused", () -> isGone(q));
    }

    /**
     * Whether the queue is gone, asked without using it: any declare, even passive, renews an x-expires
     * lease, but a mandatory publish to it does not; it comes back when the queue no longer exists.
     */
    private boolean isGone(String queue) throws Exception {
        return !publishMandatory("", queue, null, "probe").isEmpty();
    }

    @Test
    void aPassiveDeclareRenewsTheLease() throws Exception {
        String q = name("renewed");
        channel.queueDeclare(q, false, false, false, Map.of("x-expires", 600));
        long start = System.nanoTime();
        // keep using the queue for twice its lease: it must survive
        eventually("twice the lease has passed", () -> {
            channel.queueDeclarePassive(q);
            return System.nanoTime() - start > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1200);
        });
        eventually("the queue is deleted once unused", () -> isGone(q));
    }

    @Test
    void zeroExpiresIsRefused() throws Exception {
        String q = name("zero");
        assertChannelError(406, "PRECONDITION_FAILED - invalid arg 'x-expires' for queue '" + q
                + "' in vhost '/': {value_zero,0}", channel,
                ch -> ch.queueDeclare(q, false, false, false, Map.of("x-expires", 0)));
    }
}
