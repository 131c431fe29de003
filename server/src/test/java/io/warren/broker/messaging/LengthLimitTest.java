package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;

/** x-max-length and x-max-length-bytes with each overflow mode, under publisher confirms. */
class LengthLimitTest extends MessagingTestSupport {

    /**
     * Publishes bodies on a fresh confirm channel and returns the sequence numbers nacked. Like RabbitMQ,
     * a broker may coalesce acks and nacks with {@code multiple}: a confirm covers every earlier sequence
     * number not confirmed before.
     */
    private SortedSet<Long> publishCountingNacks(String queue, List<String> bodies) throws Exception {
        Channel ch = connection.createChannel();
        ch.confirmSelect();
        SortedSet<Long> nacked = new ConcurrentSkipListSet<>();
        long[] settledUpTo = {0};
        ch.addConfirmListener((tag, multiple) -> settledUpTo[0] = tag, (tag, multiple) -> {
            for (long t = multiple ? settledUpTo[0] + 1 : tag; t <= tag; t++) nacked.add(t);
            settledUpTo[0] = tag;
        });
        for (String body : bodies) ch.basicPublish("", queue, null, bytes(body));
        ch.waitForConfirms(TIMEOUT.toMillis());
        return nacked;
    }

    @Test
    void dropHeadKeepsTheNewestAndConfirmsAll() throws Exception {
        String q = name("drop");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length", 3));
        assertEquals(new TreeSet<>(), publishCountingNacks(q, numbered("m", 10)));
        assertEquals(List.of("m7", "m8", "m9"), drain(q));
    }

    @Test
    void dropHeadByBytes() throws Exception {
        String q = name("bytes");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length-bytes", 10));
        sendConfirmed(q, "aaaa", "bbbb", "cccc");
        assertEquals(List.of("bbbb", "cccc"), drain(q));
    }

    @Test
    void rejectPublishNacksWhatDoesNotFit() throws Exception {
        String q = name("reject");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length", 3, "x-overflow", "reject-publish"));
        SortedSet<Long> nacked = publishCountingNacks(q, numbered("m", 6));
        assertEquals(new TreeSet<>(List.of(4L, 5L, 6L)), nacked);
        assertEquals(List.of("m0", "m1", "m2"), drain(q));
        // room again: accepted
        assertEquals(new TreeSet<>(), publishCountingNacks(q, List.of("again")));
    }

    @Test
    void rejectPublishByBytes() throws Exception {
        String q = name("rejectbytes");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length-bytes", 8, "x-overflow", "reject-publish"));
        SortedSet<Long> nacked = publishCountingNacks(q, List.of("aaaa", "bbbb", "c"));
        assertEquals(new TreeSet<>(List.of(3L)), nacked);
    }

    @Test
    void rejectPublishDlxDeadLettersTheRefusedMessage() throws Exception {
        String dead = declareQueue("dead");
        String q = name("rejectdlx");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish-dlx",
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", dead));
        SortedSet<Long> nacked = publishCountingNacks(q, List.of("kept", "refused"));
        assertEquals(new TreeSet<>(List.of(2L)), nacked);
        assertEquals(List.of("kept"), drain(q));
        eventually("the refused message is dead-lettered", () -> readyCount(dead) == 1);
        var d = channel.basicGet(dead, true);
        assertEquals("refused", text(d));
        Map<?, ?> death = (Map<?, ?>) ((List<?>) d.getProps().getHeaders().get("x-death")).get(0);
        assertEquals("maxlen", death.get("reason").toString());
    }

    @Test
    void rejectPublishWithoutConfirmsDropsSilently() throws Exception {
        String q = name("rejectplain");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
        for (String body : numbered("m", 5)) publish(channel, "", q, body);
        assertEquals(List.of("m0", "m1"), drain(q));
    }

    @Test
    void unackedMessagesDoNotCountTowardsTheLimit() throws Exception {
        String q = name("unacked");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        sendConfirmed(q, "first");
        channel.basicGet(q, false); // now unacknowledged
        assertEquals(new TreeSet<>(), publishCountingNacks(q, List.of("second")));
        assertEquals(1, readyCount(q));
    }

    @Test
    void oneFullQueueNacksThePublishWhileOthersStillGetIt() throws Exception {
        String x = declareExchange("fan", "fanout");
        String full = name("full");
        channel.queueDeclare(full, false, false, false, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
        channel.queueBind(full, x, "");
        String open = boundQueue("open", x, "");
        Channel ch = connection.createChannel();
        ch.confirmSelect();
        List<Long> nacks = new ArrayList<>();
        ch.addConfirmListener((t, m) -> { }, (t, m) -> nacks.add(t));
        ch.basicPublish(x, "", null, bytes("m"));
        ch.waitForConfirms(TIMEOUT.toMillis());
        assertEquals(List.of(1L), nacks, "one refusing queue nacks the publish");
        assertEquals(1, readyCount(open), "the other queues still get it");
    }
}
