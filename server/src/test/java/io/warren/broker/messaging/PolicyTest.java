package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.warren.broker.TestBroker;
import io.warren.broker.policy.Policies;
import io.warren.broker.policy.PolicyException;
import io.warren.broker.vhost.VirtualHost;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policies set through the broker's policy service, applied to existing and new queues and exchanges. */
class PolicyTest extends MessagingTestSupport {
    private VirtualHost vhost;

    @BeforeEach
    void warrenOnly() {
        assumeFalse(TestBroker.external(), "policies are set through Warren's own service here");
        vhost = broker.broker().virtualHosts().get("/");
    }

    private void setPolicy(String policyName, String pattern, String applyTo, int priority, Map<String, Object> definition) {
        vhost.setPolicy(Policies.validate("/", policyName, pattern, applyTo, priority, definition));
    }

    @Test
    void aMaxLengthPolicyTrimsAQueueThatIsAlreadyFull() throws Exception {
        String q = declareQueue("trim");
        sendConfirmed(q, numbered("m", 10).toArray(String[]::new));
        setPolicy("limit", "^" + q + "$", "queues", 0, Map.of("max-length", 4));
        eventually("trimmed to four", () -> readyCount(q) == 4);
        assertEquals(List.of("m6", "m7", "m8", "m9"), drain(q));
    }

    @Test
    void aPolicyChangedWhileMessagesAreQueuedDeadLettersTheOverflow() throws Exception {
        String dead = declareQueue("dead");
        String q = declareQueue("work");
        sendConfirmed(q, numbered("m", 5).toArray(String[]::new));
        setPolicy("dlx", q, "queues", 0, Map.of("dead-letter-exchange", "", "dead-letter-routing-key", dead));
        setPolicy("dlx", q, "queues", 0, Map.of("dead-letter-exchange", "", "dead-letter-routing-key", dead,
                "max-length", 2));
        eventually("three dead-lettered", () -> readyCount(dead) == 3);
        assertEquals(List.of("m0", "m1", "m2"), drain(dead));
        assertEquals(List.of("m3", "m4"), drain(q));
    }

    @Test
    void aPolicyAppliesToQueuesDeclaredAfterIt() throws Exception {
        setPolicy("ttl", "^short\\.", "queues", 0, Map.of("message-ttl", 100));
        String q = "short." + name("q");
        channel.queueDeclare(q, false, false, false, null);
        sendConfirmed(q, "m");
        eventually("expired by the policy's TTL", () -> readyCount(q) == 0);
    }

    @Test
    void forLimitsTheLowerOfArgumentAndPolicyWins() throws Exception {
        String q = name("lower");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length", 5));
        setPolicy("big", q, "all", 0, Map.of("max-length", 100));
        sendConfirmed(q, numbered("m", 8).toArray(String[]::new));
        assertEquals(5, readyCount(q));
        setPolicy("big", q, "all", 0, Map.of("max-length", 2));
        eventually("the lower policy value applies", () -> readyCount(q) == 2);
    }

    @Test
    void theArgumentWinsForOverflowAndTheHighestPriorityPolicyApplies() throws Exception {
        String q = name("args");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        setPolicy("low", q, "queues", 1, Map.of("overflow", "drop-head", "max-length", 10));
        setPolicy("high", q, "queues", 5, Map.of("overflow", "drop-head"));
        Channel ch = connection.createChannel();
        ch.confirmSelect();
        SortedSet<Long> nacks = new ConcurrentSkipListSet<>();
        ch.addConfirmListener((t, m) -> { }, (t, m) -> nacks.add(t));
        ch.basicPublish("", q, null, bytes("a"));
        ch.basicPublish("", q, null, bytes("b"));
        ch.waitForConfirms(TIMEOUT.toMillis());
        assertEquals(new TreeSet<>(List.of(2L)), nacks);
        assertEquals("high", vhost.queueOrNull(q).settings().policy());
    }

    @Test
    void clearingAPolicyLiftsItsLimit() throws Exception {
        String q = declareQueue("cleared");
        setPolicy("limit", q, "queues", 0, Map.of("max-length", 1));
        sendConfirmed(q, "a", "b");
        assertEquals(1, readyCount(q));
        vhost.clearPolicy("limit");
        sendConfirmed(q, "c");
        assertEquals(2, readyCount(q));
    }

    @Test
    void anAlternateExchangePolicyCatchesUnroutedMessages() throws Exception {
        String ae = declareExchange("ae", "fanout");
        String caught = boundQueue("caught", ae, "");
        String x = declareExchange("main", "direct");
        setPolicy("ae", "^" + x + "$", "exchanges", 0, Map.of("alternate-exchange", ae));
        publishConfirmed(x, "nowhere", "m");
        assertEquals(List.of("m"), drain(caught));
    }

    @Test
    void invalidPoliciesAreRefusedWithRabbitMQsMessages() {
        PolicyException unknown = assertThrows(PolicyException.class,
                () -> Policies.validate("/", "p", ".*", "queues", 0, Map.of("ha-mode", "all")));
        assertEquals("Validation failed\n\n[<<\"ha-mode\">>] are not recognised policy settings\n", unknown.getMessage());
        PolicyException ttl = assertThrows(PolicyException.class,
                () -> Policies.validate("/", "p", ".*", "queues", 0, Map.of("message-ttl", -5)));
        assertEquals("Validation failed\n\n-5 is not a valid message TTL\n", ttl.getMessage());
        PolicyException applyTo = assertThrows(PolicyException.class,
                () -> Policies.validate("/", "p", ".*", "streams", 0, Map.of("message-ttl", 5)));
        assertEquals("Validation failed\n\napply-to 'streams' unrecognised; should be 'queues', 'exchanges' or 'all'\n",
                applyTo.getMessage());
        assertThrows(PolicyException.class, () -> Policies.validate("/", "p", "(", "all", 0, Map.of("message-ttl", 5)));
    }

    @Test
    void aPolicyDoesNotChangeTheDeclaredArgumentsSoRedeclaringStillWorks() throws Exception {
        String q = declareQueue("redeclare");
        setPolicy("ttl", q, "queues", 0, Map.of("message-ttl", 1000));
        AMQP.Queue.DeclareOk ok = channel.queueDeclare(q, false, false, false, null);
        assertEquals(q, ok.getQueue());
    }
}
