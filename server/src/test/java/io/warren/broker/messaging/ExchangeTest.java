package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exchanges: the predeclared ones, declaration and its checks, deletion, and routing through every type. */
class ExchangeTest extends MessagingTestSupport {

    @Test
    void virtualHostSlashHasThePredeclaredExchangesWithTheirTypes() throws Exception {
        Map<String, String> predeclared = new LinkedHashMap<>();
        predeclared.put("amq.direct", "direct");
        predeclared.put("amq.fanout", "fanout");
        predeclared.put("amq.topic", "topic");
        predeclared.put("amq.headers", "headers");
        predeclared.put("amq.match", "headers");
        for (var e : predeclared.entrySet()) {
            channel.exchangeDeclarePassive(e.getKey());
            // an equivalent redeclaration is allowed, even with the reserved prefix: proves type and durability
            channel.exchangeDeclare(e.getKey(), e.getValue(), true);
        }
        assertChannelError(406, "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'amq.direct' in vhost '/': "
                + "received 'fanout' but current is 'direct'", channel, ch -> ch.exchangeDeclare("amq.direct", "fanout", true));
        channel = connection.createChannel();
        assertChannelError(406, "PRECONDITION_FAILED - inequivalent arg 'durable' for exchange 'amq.topic' in vhost '/': "
                + "received 'false' but current is 'true'", channel, ch -> ch.exchangeDeclare("amq.topic", "topic", false));
    }

    @Test
    void theInternalTraceExchangeIsPredeclaredToo() throws Exception {
        channel.exchangeDeclarePassive("amq.rabbitmq.trace");
        channel.exchangeDeclare("amq.rabbitmq.trace", "topic", true, false, true, null);
        assertChannelError(403, "ACCESS_REFUSED - cannot publish to internal exchange 'amq.rabbitmq.trace' in vhost '/'",
                channel, ch -> publish(ch, "amq.rabbitmq.trace", "k", "refused"));
    }

    @Test
    void defaultExchangeRoutesByQueueNameAndCannotBeDeclaredOrDeleted() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "hello");
        GetResponse got = channel.basicGet(q, true);
        assertEquals("hello", text(got));
        assertEquals("", got.getEnvelope().getExchange());
        assertEquals(q, got.getEnvelope().getRoutingKey());

        String refused = "ACCESS_REFUSED - operation not permitted on the default exchange";
        assertChannelError(403, refused, channel, ch -> ch.exchangeDeclarePassive(""));
        assertChannelError(403, refused, connection.createChannel(), ch -> ch.exchangeDeclare("", "direct"));
        assertChannelError(403, refused, connection.createChannel(), ch -> ch.exchangeDelete(""));
    }

    @Test
    void declaresWithAttributesAndPassiveDeclareFindsOnlyExisting() throws Exception {
        String x = name("x");
        channel.exchangeDeclare(x, "topic", true, false, false, Map.of("some-argument", "value"));
        channel.exchangeDeclarePassive(x);
        channel.exchangeDeclare(x, "topic", true, false, false, Map.of("some-argument", "value"));
        String missing = name("nope");
        assertChannelError(404, "NOT_FOUND - no exchange '" + missing + "' in vhost '/'", channel,
                ch -> ch.exchangeDeclarePassive(missing));
    }

    @Test
    void redeclarationMustBeEquivalent() throws Exception {
        String x1 = declareExchange("x1", "direct");
        String prefix = "PRECONDITION_FAILED - inequivalent arg ";
        String where = " for exchange '" + x1 + "' in vhost '/': ";
        assertChannelError(406, prefix + "'type'" + where + "received 'fanout' but current is 'direct'",
                connection.createChannel(), ch -> ch.exchangeDeclare(x1, "fanout"));
        assertChannelError(406, prefix + "'durable'" + where + "received 'true' but current is 'false'",
                connection.createChannel(), ch -> ch.exchangeDeclare(x1, "direct", true));
        assertChannelError(406, prefix + "'auto_delete'" + where + "received 'true' but current is 'false'",
                connection.createChannel(), ch -> ch.exchangeDeclare(x1, "direct", false, true, null));
        assertChannelError(406, prefix + "'internal'" + where + "received 'true' but current is 'false'",
                connection.createChannel(), ch -> ch.exchangeDeclare(x1, "direct", false, false, true, null));
        // arguments other than alternate-exchange are not compared
        Channel ok = connection.createChannel();
        ok.exchangeDeclare(x1, "direct", false, false, false, Map.of("anything", 42));
        ok.exchangeDeclare(x1, BuiltinExchangeType.DIRECT);
    }

    @Test
    void alternateExchangeArgumentMustBeEquivalent() throws Exception {
        String x6 = name("x6");
        channel.exchangeDeclare(x6, "direct", false, false, Map.of("alternate-exchange", "ae"));
        channel.exchangeDeclare(x6, "direct", false, false, Map.of("alternate-exchange", "ae"));
        String prefix = "PRECONDITION_FAILED - inequivalent arg 'alternate-exchange' for exchange '" + x6 + "' in vhost '/': ";
        assertChannelError(406, prefix + "received none but current is the value 'ae' of type 'longstr'",
                channel, ch -> ch.exchangeDeclare(x6, "direct"));
        assertChannelError(406, prefix + "received 'other' but current is 'ae'", connection.createChannel(),
                ch -> ch.exchangeDeclare(x6, "direct", false, false, Map.of("alternate-exchange", "other")));
        channel = connection.createChannel();
        String x7 = declareExchange("x7", "direct");
        assertChannelError(406, "PRECONDITION_FAILED - inequivalent arg 'alternate-exchange' for exchange '" + x7
                        + "' in vhost '/': received the value 'ae' of type 'longstr' but current is none",
                channel, ch -> ch.exchangeDeclare(x7, "direct", false, false, Map.of("alternate-exchange", "ae")));
    }

    @Test
    void unknownExchangeTypeIsAConnectionError() throws Exception {
        assertConnectionError(503, "COMMAND_INVALID - unknown exchange type 'weird'", connection,
                ch -> ch.exchangeDeclare(name("x"), "weird"));
    }

    @Test
    void reservedPrefixIsRefusedForNewExchanges() throws Exception {
        String reserved = "amq.foo-" + name("x");
        assertChannelError(403, "ACCESS_REFUSED - exchange name '" + reserved + "' contains reserved prefix 'amq.*'",
                channel, ch -> ch.exchangeDeclare(reserved, "direct"));
        // a passive declaration just does not find it
        assertChannelError(404, "NOT_FOUND - no exchange '" + reserved + "' in vhost '/'",
                connection.createChannel(), ch -> ch.exchangeDeclarePassive(reserved));
    }

    @Test
    void systemExchangesCannotBeDeleted() throws Exception {
        assertChannelError(403, "ACCESS_REFUSED - deletion of system exchange 'amq.direct' in vhost '/' not allowed",
                channel, ch -> ch.exchangeDelete("amq.direct"));
        assertTrue(exchangeExists("amq.direct"));
    }

    @Test
    void deleteIfUnusedRefusesWhileBoundAndDeletingMissingIsFine() throws Exception {
        String x4 = declareExchange("x4", "direct");
        String q = boundQueue("q", x4, "k");
        assertChannelError(406, "PRECONDITION_FAILED - exchange '" + x4 + "' in vhost '/' in use",
                channel, ch -> ch.exchangeDelete(x4, true));
        channel = connection.createChannel();
        assertTrue(exchangeExists(x4));
        channel.queueUnbind(q, x4, "k");
        channel.exchangeDelete(x4, true);
        assertFalse(exchangeExists(x4));
        channel.exchangeDelete(x4);
        channel.exchangeDelete(name("never-declared"), true);
    }

    @Test
    void ifUnusedOnlyCountsBindingsWhereTheExchangeIsTheSource() throws Exception {
        String source = declareExchange("src", "fanout");
        String destination = declareExchange("dst", "fanout");
        channel.exchangeBind(destination, source, "");
        channel.exchangeDelete(destination, true);
        assertFalse(exchangeExists(destination));
        // and the binding went with it: the source is unused now
        channel.exchangeDelete(source, true);
        assertFalse(exchangeExists(source));
    }

    @Test
    void deletingAnExchangeRemovesItsBindings() throws Exception {
        String x = declareExchange("x", "direct");
        String q = boundQueue("q", x, "k");
        channel.exchangeDelete(x);
        channel.exchangeDeclare(x, "direct");
        List<Return> returns = publishMandatory(x, "k", null, "lost");
        assertEquals(1, returns.size());
        assertEquals(0, readyCount(q));
    }

    @Test
    void internalExchangesRefusePublishesButRouteFromOtherExchanges() throws Exception {
        String x5 = name("x5");
        channel.exchangeDeclare(x5, "fanout", false, false, true, null);
        String q = boundQueue("q", x5, "");
        String front = declareExchange("front", "fanout");
        channel.exchangeBind(x5, front, "");
        publishConfirmed(front, "", "through");
        assertEquals(List.of("through"), drain(q));
        assertChannelError(403, "ACCESS_REFUSED - cannot publish to internal exchange '" + x5 + "' in vhost '/'",
                channel, ch -> publish(ch, x5, "", "direct"));
    }

    @Test
    void aQueueReachedBySeveralPathsGetsOneCopy() throws Exception {
        String x1 = declareExchange("x1", "fanout");
        String x2 = declareExchange("x2", "fanout");
        String x3 = declareExchange("x3", "topic");
        String q = boundQueue("q", x1, "");
        channel.exchangeBind(x2, x1, "");
        channel.exchangeBind(x3, x1, "");
        channel.queueBind(q, x2, "");
        channel.queueBind(q, x3, "#");
        channel.queueBind(q, x3, "k.*");
        channel.exchangeBind(x1, x3, "#"); // a cycle must not loop nor duplicate
        publishConfirmed(x1, "k.a", "once");
        assertEquals(List.of("once"), drain(q));
        publishConfirmed(x3, "k.b", "from the middle");
        assertEquals(List.of("from the middle"), drain(q));
    }

    @Test
    void exchangeToExchangeBindingsRouteByKeyAndUnbindStopsThem() throws Exception {
        String source = declareExchange("src", "topic");
        String destination = declareExchange("dst", "direct");
        String q = boundQueue("q", destination, "a.b");
        channel.exchangeBind(destination, source, "a.*");
        publishConfirmed(source, "a.b", "routed");
        publishConfirmed(source, "a.c", "not bound at the destination");
        publishConfirmed(source, "b.b", "not matched at the source");
        assertEquals(List.of("routed"), drain(q));
        channel.exchangeUnbind(destination, source, "a.*");
        publishConfirmed(source, "a.b", "after unbind");
        assertEquals(List.of(), drain(q));
    }

    @Test
    void exchangeBindNeedsBothExchanges() throws Exception {
        String x = declareExchange("x", "direct");
        String missing = name("nope");
        assertChannelError(404, "NOT_FOUND - no exchange '" + missing + "' in vhost '/'", channel,
                ch -> ch.exchangeBind(missing, x, "k"));
        assertChannelError(404, "NOT_FOUND - no exchange '" + missing + "' in vhost '/'", connection.createChannel(),
                ch -> ch.exchangeBind(x, missing, "k"));
        assertChannelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                connection.createChannel(), ch -> ch.exchangeBind(x, "", "k"));
        assertChannelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                connection.createChannel(), ch -> ch.exchangeBind("", x, "k"));
        // with both missing, the source is reported
        String missingSource = name("no-source");
        assertChannelError(404, "NOT_FOUND - no exchange '" + missingSource + "' in vhost '/'", connection.createChannel(),
                ch -> ch.exchangeBind(missing, missingSource, "k"));
    }

    @Test
    void alternateExchangeTakesWhatTheExchangeCannotRoute() throws Exception {
        String ae = declareExchange("ae", "fanout");
        String x = name("x");
        channel.exchangeDeclare(x, "direct", false, false, Map.of("alternate-exchange", ae));
        String routed = boundQueue("routed", x, "k");
        String unrouted = boundQueue("unrouted", ae, "");
        List<Return> returns = publishMandatory(x, "k", null, "normal");
        returns.addAll(publishMandatory(x, "other", null, "to the alternate"));
        assertEquals(List.of(), returns, "a message the alternate exchange routes is not returned");
        assertEquals(List.of("normal"), drain(routed));
        assertEquals(List.of("to the alternate"), drain(unrouted));
        // an alternate exchange that does not exist routes nowhere
        String orphan = name("orphan");
        channel.exchangeDeclare(orphan, "direct", false, false, Map.of("alternate-exchange", name("absent")));
        assertEquals(1, publishMandatory(orphan, "k", null, "lost").size());
    }

    @Test
    void autoDeleteExchangeGoesWithItsLastBinding() throws Exception {
        String x = name("x");
        channel.exchangeDeclare(x, "direct", false, true, null);
        String q1 = declareQueue("q1");
        String q2 = declareQueue("q2");
        assertTrue(exchangeExists(x), "never bound: stays");
        channel.queueBind(q1, x, "a");
        channel.queueBind(q2, x, "b");
        channel.queueUnbind(q1, x, "a");
        assertTrue(exchangeExists(x), "still has a binding");
        channel.queueDelete(q2); // removes the last binding too
        assertFalse(exchangeExists(x));
    }

    @Test
    void autoDeleteExchangeAsSourceOfExchangeBinding() throws Exception {
        String x = name("x");
        channel.exchangeDeclare(x, "fanout", false, true, null);
        String destination = declareExchange("dst", "fanout");
        channel.exchangeBind(destination, x, "");
        channel.exchangeUnbind(destination, x, "");
        assertFalse(exchangeExists(x));
        assertTrue(exchangeExists(destination));
    }

    @Test
    void ccAndBccHeadersAddRoutingKeysAndBccIsStripped() throws Exception {
        String x = declareExchange("x", "direct");
        String qa = boundQueue("qa", x, "a");
        String qb = boundQueue("qb", x, "b");
        String qc = boundQueue("qc", x, "c");
        String qd = boundQueue("qd", x, "d");
        Map<String, Object> headers = new HashMap<>();
        headers.put("CC", List.of("b"));
        headers.put("BCC", List.of("c"));
        headers.put("other", "kept");
        publishConfirmed(x, "a", headers(headers), "copied");
        for (String q : List.of(qa, qb, qc)) {
            GetResponse got = channel.basicGet(q, true);
            assertEquals("copied", text(got), q);
            assertEquals("a", got.getEnvelope().getRoutingKey(), "the routing key is the published one");
            Map<String, Object> delivered = got.getProps().getHeaders();
            assertEquals("[b]", String.valueOf(delivered.get("CC")), q);
            assertFalse(delivered.containsKey("BCC"), "BCC must be stripped: " + delivered);
            assertEquals("kept", String.valueOf(delivered.get("other")));
            assertNull(channel.basicGet(q, true), "one copy per queue");
        }
        assertNull(channel.basicGet(qd, true));
        // a queue named twice (routing key and CC) still gets one copy
        headers.put("CC", List.of("a", "b"));
        headers.remove("BCC");
        publishConfirmed(x, "a", headers(headers), "twice named");
        assertEquals(List.of("twice named"), drain(qa));
        assertEquals(List.of("twice named"), drain(qb));
    }

    @Test
    void directExchangeMatchesTheWholeKeyAndFanoutIgnoresIt() throws Exception {
        String direct = declareExchange("direct", "direct");
        String fanout = declareExchange("fanout", "fanout");
        String qd = boundQueue("qd", direct, "key");
        String qf = boundQueue("qf", fanout, "ignored");
        publishConfirmed(direct, "key", "exact");
        publishConfirmed(direct, "key.more", "longer");
        publishConfirmed(direct, "KEY", "case differs");
        publishConfirmed(fanout, "anything", "fan");
        assertEquals(List.of("exact"), drain(qd));
        assertEquals(List.of("fan"), drain(qf));
    }

    @Test
    void topicWildcards() throws Exception {
        String x = declareExchange("topic", "topic");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("a.*.c", List.of("a.b.c"));
        expected.put("a.#", List.of("a", "a.b", "a.c", "a.b.c", "a.b.b.c", "a.b.c.d"));
        expected.put("#", List.of("a", "a.b", "a.c", "a.b.c", "a.b.b.c", "a.b.c.d", "b.a", "c", "", "ab"));
        expected.put("#.c", List.of("a.c", "a.b.c", "a.b.b.c", "c"));
        expected.put("a.#.c", List.of("a.c", "a.b.c", "a.b.b.c"));
        expected.put("*.*", List.of("a.b", "a.c", "b.a"));
        expected.put("*", List.of("a", "c", "ab"));
        expected.put("a.b", List.of("a.b"));
        expected.put("*.b.#", List.of("a.b", "a.b.c", "a.b.b.c", "a.b.c.d"));
        Map<String, String> queues = new LinkedHashMap<>();
        int i = 0;
        for (String pattern : expected.keySet()) queues.put(pattern, boundQueue("t" + i++, x, pattern));
        for (String key : List.of("a", "a.b", "a.c", "a.b.c", "a.b.b.c", "a.b.c.d", "b.a", "c", "", "ab")) {
            publishConfirmed(x, key, key);
        }
        for (var e : expected.entrySet()) assertEquals(e.getValue(), drain(queues.get(e.getKey())), "pattern " + e.getKey());
    }

    @Test
    void headersExchangeMatchesAllOrAny() throws Exception {
        String x = declareExchange("headers", "headers");
        String all = declareQueue("all");
        String any = declareQueue("any");
        String implicitAll = declareQueue("implicit");
        String empty = declareQueue("empty");
        String xArgs = declareQueue("xargs");
        channel.queueBind(all, x, "", Map.of("x-match", "all", "format", "pdf", "type", "report"));
        channel.queueBind(any, x, "", Map.of("x-match", "any", "format", "pdf", "type", "report"));
        channel.queueBind(implicitAll, x, "", Map.of("format", "pdf", "type", "report"));
        channel.queueBind(empty, x, "", Map.of());
        channel.queueBind(xArgs, x, "", Map.of("x-match", "all", "x-ignored", "by matching", "format", "pdf"));

        publishConfirmed(x, "key is ignored", headers(Map.of("format", "pdf", "type", "report")), "both");
        publishConfirmed(x, "", headers(Map.of("format", "pdf")), "format only");
        publishConfirmed(x, "", headers(Map.of("format", "zip", "type", "log")), "neither");
        publishConfirmed(x, "", "no headers");
        publishConfirmed(x, "", headers(Map.of("format", "pdf", "type", "report", "extra", 1)), "both and more");

        assertEquals(List.of("both", "both and more"), drain(all));
        assertEquals(List.of("both", "format only", "both and more"), drain(any));
        assertEquals(List.of("both", "both and more"), drain(implicitAll));
        assertEquals(List.of("both", "format only", "neither", "no headers", "both and more"), drain(empty));
        assertEquals(List.of("both", "format only", "both and more"), drain(xArgs));
    }

    @Test
    void headersMatchingWithXHeadersAndInvalidXMatch() throws Exception {
        String x = declareExchange("headers", "headers");
        Map<String, String> queues = new LinkedHashMap<>();
        for (String mode : List.of("all", "any", "all-with-x", "any-with-x")) {
            String q = declareQueue("h-" + mode);
            channel.queueBind(q, x, "", Map.of("x-match", mode, "x-tag", "t1", "k", "v"));
            queues.put(mode, q);
        }
        String anyOnlyX = declareQueue("any-only-x");
        channel.queueBind(anyOnlyX, x, "", Map.of("x-match", "any", "x-tag", "t1"));
        String allOnlyX = declareQueue("all-only-x");
        channel.queueBind(allOnlyX, x, "", Map.of("x-match", "all", "x-tag", "t1"));
        publishConfirmed(x, "", headers(Map.of("k", "v")), "k only");
        publishConfirmed(x, "", headers(Map.of("x-tag", "t1")), "x only");
        publishConfirmed(x, "", headers(Map.of("k", "v", "x-tag", "t1")), "both");
        publishConfirmed(x, "", headers(Map.of("z", 1)), "neither");
        assertEquals(List.of("k only", "both"), drain(queues.get("all")));
        assertEquals(List.of("k only", "both"), drain(queues.get("any")));
        assertEquals(List.of("both"), drain(queues.get("all-with-x")));
        assertEquals(List.of("k only", "x only", "both"), drain(queues.get("any-with-x")));
        assertEquals(List.of(), drain(anyOnlyX), "any over no (non-x) arguments matches nothing");
        assertEquals(List.of("k only", "x only", "both", "neither"), drain(allOnlyX), "all over none matches everything");

        String q = declareQueue("invalid");
        assertChannelError(406, "PRECONDITION_FAILED - Invalid x-match field value <<\"bogus\">>; expected all, any, "
                + "all-with-x, or any-with-x", channel, ch -> ch.queueBind(q, x, "", Map.of("x-match", "bogus")));
    }

    @Test
    void carriageReturnsAndLineFeedsAreStrippedFromExchangeNames() throws Exception {
        String x = name("crlf");
        channel.exchangeDeclare("\r" + x + "\n", "fanout");
        assertTrue(exchangeExists(x));
        channel.exchangeDeclarePassive(x + "\r\n");
    }
}
