package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.TestBroker;
import io.warren.broker.policy.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a clean restart keeps: durable topology, policies, users, and persistent messages on durable queues. */
class RestartTest extends MessagingTestSupport {
    private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

    @BeforeEach
    void warrenOnly() {
        assumeFalse(TestBroker.external(), "restarts an in-process broker");
    }

    private void restart() throws Exception {
        broker.restart();
        connection = newConnection();
        channel = connection.createChannel();
    }

    @Test
    void persistentMessagesOnDurableQueuesComeBackInOrder() throws Exception {
        String q = name("durable");
        channel.queueDeclare(q, true, false, false, null);
        Channel ch = confirmChannel();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ch.basicPublish("", q, PERSISTENT, bytes("p" + i));
            expected.add("p" + i);
            ch.basicPublish("", q, null, bytes("transient" + i));
        }
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        restart();
        assertEquals(500, readyCount(q));
        assertEquals(expected, drain(q));
    }

    @Test
    void deliveredButUnackedMessagesComeBackRedelivered() throws Exception {
        String q = name("redelivered");
        channel.queueDeclare(q, true, false, false, null);
        publishConfirmed("", q, PERSISTENT, "a", "b");
        GetResponse first = channel.basicGet(q, false);
        assertEquals("a", text(first));
        restart();
        GetResponse a = channel.basicGet(q, true);
        GetResponse b = channel.basicGet(q, true);
        assertEquals("a", text(a));
        assertTrue(a.getEnvelope().isRedeliver());
        assertEquals("b", text(b));
        assertFalse(b.getEnvelope().isRedeliver());
    }

    @Test
    void acknowledgedMessagesStayGone() throws Exception {
        String q = name("acked");
        channel.queueDeclare(q, true, false, false, null);
        publishConfirmed("", q, PERSISTENT, "a", "b", "c");
        GetResponse a = channel.basicGet(q, false);
        channel.basicAck(a.getEnvelope().getDeliveryTag(), false);
        channel.basicGet(q, true); // b, auto-ack
        restart();
        assertEquals(List.of("c"), drain(q));
    }

    @Test
    void durableTopologyComesBackAndTransientTopologyDoesNot() throws Exception {
        String x = name("x");
        String q = name("q");
        String transientQueue = name("transient");
        String transientExchange = name("tx");
        channel.exchangeDeclare(x, "topic", true, false, Map.of("alternate-exchange", "amq.fanout"));
        channel.queueDeclare(q, true, false, false, Map.of("x-max-length", 10, "x-queue-mode", "lazy"));
        channel.queueBind(q, x, "orders.#");
        channel.queueDeclare(transientQueue, false, false, false, null);
        channel.exchangeDeclare(transientExchange, "direct", false);
        String exclusive = channel.queueDeclare("", true, true, false, null).getQueue();
        restart();
        assertTrue(exchangeExists(x));
        assertTrue(queueExists(q));
        assertFalse(queueExists(transientQueue));
        assertFalse(exchangeExists(transientExchange));
        assertFalse(queueExists(exclusive));
        // the arguments are the same: redeclaring with them is accepted
        channel.queueDeclare(q, true, false, false, Map.of("x-max-length", 10, "x-queue-mode", "lazy"));
        publishConfirmed(x, "orders.created", PERSISTENT, "m");
        assertEquals(List.of("m"), drain(q));
    }

    @Test
    void policiesUsersAndPermissionsComeBack() throws Exception {
        var vhost = broker.broker().virtualHosts().get("/");
        vhost.setPolicy(Policies.validate("/", "ttl", "^never-match$", "queues", 3, Map.of("message-ttl", 1000)));
        broker.broker().users().addUser("alice", "secret", List.of("monitoring"));
        broker.broker().users().setPermissions("alice", "/", "", ".*", ".*");
        restart();
        var restored = broker.broker().virtualHosts().get("/").policy("ttl");
        assertEquals(3, restored.priority());
        assertEquals(1000, ((Number) restored.definition().get("message-ttl")).intValue());
        var factory = broker.connectionFactory();
        factory.setUsername("alice");
        factory.setPassword("secret");
        try (var alice = factory.newConnection()) {
            assertTrue(alice.isOpen());
        }
    }

    @Test
    void theDefaultUserIsCreatedOnTheFirstStartOnly() throws Exception {
        broker.broker().users().deleteUser("guest");
        broker.broker().users().addUser("admin", "pw", List.of("administrator"));
        broker.broker().users().setPermissions("admin", "/", ".*", ".*", ".*");
        connection = null;
        broker.restart();
        assertTrue(broker.broker().users().user("guest").isEmpty(), "guest is not re-created at a restart");
        var factory = broker.connectionFactory();
        factory.setUsername("admin");
        factory.setPassword("pw");
        try (var admin = factory.newConnection()) {
            assertTrue(admin.isOpen());
        }
    }

    @Test
    void aDeletedDurableQueueStaysDeleted() throws Exception {
        String q = name("deleted");
        channel.queueDeclare(q, true, false, false, null);
        publishConfirmed("", q, PERSISTENT, "m");
        channel.queueDelete(q);
        restart();
        assertFalse(queueExists(q));
        channel.queueDeclare(q, true, false, false, null);
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void aDurableQueueDeletedAndDeclaredAgainKeepsConfirmingPersistentMessages() throws Exception {
        String q = name("again");
        for (int round = 0; round < 3; round++) {
            channel.queueDeclare(q, true, false, false, null);
            publishConfirmed("", q, PERSISTENT, "m" + round);
            channel.queueDelete(q);
        }
        channel.queueDeclare(q, true, false, false, null);
        publishConfirmed("", q, PERSISTENT, "last");
        restart();
        assertEquals(List.of("last"), drain(q));
    }

    @Test
    void vhostLimitsComeBack() throws Exception {
        broker.broker().virtualHosts().get("/").limits().maxQueues(50).maxConnections(20);
        restart();
        var limits = broker.broker().virtualHosts().get("/").limits();
        assertEquals(50, limits.maxQueues());
        assertEquals(20, limits.maxConnections());
    }
}
