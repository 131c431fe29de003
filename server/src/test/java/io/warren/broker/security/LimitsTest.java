package io.warren.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.RawAmqpClient;
import io.warren.broker.TestBroker;
import io.warren.broker.vhost.VhostLimits;
import io.warren.codec.ChannelMethod;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.LongString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each limit refuses the one operation that passes it, with RabbitMQ's code and text, and the broker goes on
 * serving everyone else. Warren's settings are needed, so these skip against an external broker.
 */
class LimitsTest {
    private TestBroker broker;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeAll
    static void warrenOnly() {
        assumeFalse(TestBroker.external());
    }

    @AfterEach
    void stop() throws Exception {
        for (Connection c : connections) if (c.isOpen()) c.abort();
        if (broker != null) broker.close();
    }

    @Test
    void maxMessageSize() throws Exception {
        broker = TestBroker.start("max_message_size=1000");
        Connection connection = open(broker.connectionFactory());
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        assertEquals(Outcome.ALLOWED, Outcome.of(connection, ch -> publish(ch, queue, 1000)));
        assertEquals(new Outcome(406, "PRECONDITION_FAILED - message size 1001 is larger than configured max size 1000"),
                Outcome.of(connection, ch -> publish(ch, queue, 1001)));
        GetResponse kept = channel.basicGet(queue, true);
        assertEquals(1000, kept.getBody().length, "the connection and its other channels go on");
    }

    @Test
    void channelMax() throws Exception {
        broker = TestBroker.start("channel_max=3");
        try (RawAmqpClient raw = broker.rawClient().open(3, 131072, 0)) {
            for (int ch = 1; ch <= 3; ch++) {
                raw.send(ch, new ChannelMethod.Open(""));
                assertInstanceOf(ChannelMethod.OpenOk.class, raw.readMethod());
            }
            raw.send(3, new ChannelMethod.Close(200, "", 0, 0));
            assertInstanceOf(ChannelMethod.CloseOk.class, raw.readMethod());
            raw.send(3, new ChannelMethod.Open(""));
            assertInstanceOf(ChannelMethod.OpenOk.class, raw.readMethod(), "a closed channel's slot is free again");
            raw.send(2, new ChannelMethod.Close(200, "", 0, 0));
            raw.readMethod();
            raw.send(2, new ChannelMethod.Open(""));
            raw.readMethod();
            raw.send(0, new ConnectionMethod.Close(200, "", 0, 0)); // ok: nothing refused so far
        }
        try (RawAmqpClient raw = broker.rawClient().open(3, 131072, 0)) {
            for (int ch = 1; ch <= 3; ch++) {
                raw.send(ch, new ChannelMethod.Open(""));
                raw.readMethod();
            }
            raw.send(4, new ChannelMethod.Open(""));
            ConnectionMethod.Close close = (ConnectionMethod.Close) raw.readMethod();
            assertEquals(530, close.replyCode());
            assertEquals("NOT_ALLOWED - number of channels opened (3) has reached the negotiated channel_max (3)", close.replyText());
        }
        Connection other = open(broker.connectionFactory());
        assertEquals(3, other.getChannelMax());
    }

    @Test
    void connectionMaxRefusesTheNextConnectionUntilOneCloses() throws Exception {
        broker = TestBroker.start("connection_max=2");
        Connection first = open(broker.connectionFactory());
        open(broker.connectionFactory());
        assertEquals(new Outcome(530, "NOT_ALLOWED - connection refused: node connection limit (2) is reached"),
                openFails(broker.connectionFactory()));
        first.close();
        awaitTrue(() -> broker.broker().connections().size() < 2);
        assertTrue(open(broker.connectionFactory()).isOpen());
    }

    @Test
    void channelMaxPerNode() throws Exception {
        broker = TestBroker.start("channel_max_per_node=2");
        Connection a = open(broker.connectionFactory());
        Connection b = open(broker.connectionFactory());
        a.createChannel();
        Channel second = b.createChannel();
        ShutdownSignalException refused = assertThrows(ShutdownSignalException.class, () -> refuseChannel(b));
        String text = Outcome.of(refused).text();
        assertTrue(text.matches("NOT_ALLOWED - number of channels opened on node 'warren@.*' has reached the maximum allowed limit of 2"), text);
        assertTrue(a.isOpen(), "other connections go on");
        assertNotNull(second);
        awaitTrue(() -> !b.isOpen());
        assertNotNull(a.createChannel(), "the refused connection's channels were counted out");
    }

    private static void refuseChannel(Connection connection) throws Exception {
        try {
            connection.createChannel();
            fail("expected a refusal");
        } catch (IOException e) {
            throw (ShutdownSignalException) e.getCause();
        }
    }

    @Test
    void vhostMaxConnections() throws Exception {
        broker = TestBroker.start();
        VhostLimits limits = vhost("limited").limits().maxConnections(1);
        open(factory("limited"));
        assertEquals(new Outcome(530, "NOT_ALLOWED - access to vhost 'limited' refused for user 'guest': connection limit (1) is reached"),
                openFails(factory("limited")));
        assertTrue(open(broker.connectionFactory()).isOpen(), "other vhosts are not affected");
        limits.maxConnections(0);
        assertEquals(new Outcome(530, "NOT_ALLOWED - access to vhost 'limited' refused for user 'guest': connection limit (0) is reached"),
                openFails(factory("limited")));
        limits.clear();
        assertTrue(open(factory("limited")).isOpen());
    }

    @Test
    void vhostMaxQueues() throws Exception {
        broker = TestBroker.start();
        vhost("limited").limits().maxQueues(1);
        Connection connection = open(factory("limited"));
        assertEquals(Outcome.ALLOWED, Outcome.of(connection, ch -> ch.queueDeclare("q1", false, false, false, null)));
        assertEquals(new Outcome(406, "PRECONDITION_FAILED - cannot declare queue 'q2': queue limit in vhost 'limited' (1) is reached"),
                Outcome.of(connection, ch -> ch.queueDeclare("q2", false, false, false, null)));
        assertEquals(Outcome.ALLOWED, Outcome.of(connection, ch -> ch.queueDeclare("q1", false, false, false, null)),
                "redeclaring an existing queue is not a new queue");
        Outcome serverNamed = Outcome.of(connection, ch -> ch.queueDeclare());
        assertEquals(406, serverNamed.code());
        assertTrue(serverNamed.text().matches("PRECONDITION_FAILED - cannot declare queue 'amq\\.gen-.*': queue limit in vhost 'limited' \\(1\\) is reached"));
        assertEquals(Outcome.ALLOWED, Outcome.of(open(broker.connectionFactory()), ch -> ch.queueDeclare("q2", false, false, true, null)),
                "vhost / has no limit");
    }

    @Test
    void consumerMaxPerChannel() throws Exception {
        broker = TestBroker.start("consumer_max_per_channel=2");
        Connection connection = open(broker.connectionFactory());
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicConsume(queue, true, (t, d) -> { }, t -> { });
        channel.basicConsume(queue, true, (t, d) -> { }, t -> { });
        IOException e = assertThrows(IOException.class, () -> channel.basicConsume(queue, true, (t, d) -> { }, t -> { }));
        assertEquals(new Outcome(530, "NOT_ALLOWED - reached maximum (2) of consumers per channel"),
                Outcome.of((ShutdownSignalException) e.getCause()));
        assertTrue(open(broker.connectionFactory()).isOpen());
    }

    @Test
    void aConsumerWithoutPrefetchHoldsAtMostTheUnackedBound() throws Exception {
        broker = TestBroker.start("warren.unacked_max_per_consumer=10");
        Connection connection = open(broker.connectionFactory());
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.confirmSelect();
        for (int i = 0; i < 50; i++) channel.basicPublish("", queue, null, new byte[] {(byte) i});
        channel.waitForConfirmsOrDie(5_000);
        Channel consumer = connection.createChannel();
        LinkedBlockingQueue<Long> tags = new LinkedBlockingQueue<>();
        consumer.basicConsume(queue, false, (t, d) -> tags.add(d.getEnvelope().getDeliveryTag()), t -> { });
        for (int i = 0; i < 10; i++) assertNotNull(tags.poll(5, TimeUnit.SECONDS));
        assertNull(tags.poll(300, TimeUnit.MILLISECONDS), "no 11th unacknowledged delivery");
        consumer.basicAck(10, true);
        for (int i = 0; i < 10; i++) assertNotNull(tags.poll(5, TimeUnit.SECONDS), "acks make room again");
        consumer.basicQos(20); // an explicit prefetch is the client's own limit
        Channel another = connection.createChannel();
        another.basicQos(20);
        LinkedBlockingQueue<Long> more = new LinkedBlockingQueue<>();
        another.basicConsume(queue, false, (t, d) -> more.add(d.getEnvelope().getDeliveryTag()), t -> { });
        for (int i = 0; i < 20; i++) assertNotNull(more.poll(5, TimeUnit.SECONDS));
    }

    private io.warren.broker.vhost.VirtualHost vhost(String name) {
        var vhost = broker.broker().virtualHosts().add(name);
        broker.broker().users().setPermissions("guest", name, ".*", ".*", ".*");
        return vhost;
    }

    private ConnectionFactory factory(String vhost) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setVirtualHost(vhost);
        return factory;
    }

    private Connection open(ConnectionFactory factory) throws Exception {
        Connection connection = factory.newConnection();
        connections.add(connection);
        return connection;
    }

    private static void publish(Channel channel, String queue, int size) throws Exception {
        channel.confirmSelect();
        channel.basicPublish("", queue, null, new byte[size]);
        channel.waitForConfirmsOrDie(5_000);
    }

    private static Outcome openFails(ConnectionFactory factory) {
        IOException e = assertThrows(IOException.class, factory::newConnection);
        return Outcome.of(assertInstanceOf(ShutdownSignalException.class, e.getCause()));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 5 s");
            Thread.sleep(10);
        }
    }
}
