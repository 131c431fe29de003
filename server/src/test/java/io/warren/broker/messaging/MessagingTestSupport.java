package io.warren.broker.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.TestBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * What every core-messaging test shares: a broker (an in-process Warren, or the external broker named by
 * {@code -Dwarren.test.external.port}), one open connection and channel, names unique to the test, and
 * small helpers that wait with a deadline instead of sleeping.
 *
 * <p>Absence is proven by ordering, never by waiting: a message published on a confirm channel and
 * confirmed has reached every queue it routes to, and its {@code basic.return} (if any) came before the
 * confirm, so counting a queue or the returns afterwards is exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class MessagingTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    protected TestBroker broker;
    protected Connection connection;
    protected Channel channel;
    private final List<Connection> connections = new ArrayList<>();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private Channel confirmChannel;

    @BeforeEach
    void startBrokerAndConnect() throws Exception {
        broker = TestBroker.start(brokerSettings());
        connection = newConnection();
        channel = connection.createChannel();
    }

    /** Extra broker settings ({@code key=value}); not applied against an external broker. */
    protected String[] brokerSettings() {
        return new String[0];
    }

    @AfterEach
    void closeConnectionsAndBroker() throws Exception {
        for (Connection c : connections) {
            try {
                if (c.isOpen()) c.close(2_000);
            } catch (Exception e) {
                c.abort();
            }
        }
        if (broker != null) broker.close();
    }

    // ---- connections and names ----

    protected Connection newConnection() throws Exception {
        Connection c = broker.connectionFactory().newConnection();
        connections.add(c);
        return c;
    }

    /** A name unique to this test run, so that runs against one external broker never collide. */
    protected String name(String base) {
        return base + "-" + suffix;
    }

    /** Declares a non-durable, non-exclusive, non-auto-delete queue named {@code name(base)}. */
    protected String declareQueue(String base) throws IOException {
        return channel.queueDeclare(name(base), false, false, false, null).getQueue();
    }

    protected String declareExchange(String base, String type) throws IOException {
        String exchange = name(base);
        channel.exchangeDeclare(exchange, type);
        return exchange;
    }

    /** Declares a queue bound to {@code exchange} with {@code key}. */
    protected String boundQueue(String base, String exchange, String key) throws IOException {
        String queue = declareQueue(base);
        channel.queueBind(queue, exchange, key);
        return queue;
    }

    // ---- publishing ----

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static String text(byte[] body) {
        return new String(body, UTF_8);
    }

    static String text(Delivery delivery) {
        return text(delivery.getBody());
    }

    static String text(GetResponse response) {
        return text(response.getBody());
    }

    static AMQP.BasicProperties headers(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }

    protected void publish(Channel ch, String exchange, String key, String body) throws IOException {
        ch.basicPublish(exchange, key, null, bytes(body));
    }

    /** A second channel of {@link #connection} in confirm mode, for {@link #publishConfirmed}. */
    protected Channel confirmChannel() throws IOException {
        if (confirmChannel == null || !confirmChannel.isOpen()) {
            confirmChannel = connection.createChannel();
            confirmChannel.confirmSelect();
        }
        return confirmChannel;
    }

    /** Publishes and waits for the confirms: afterwards every message is in every queue it routes to. */
    protected void publishConfirmed(String exchange, String key, AMQP.BasicProperties props, String... bodies)
            throws Exception {
        Channel ch = confirmChannel();
        for (String body : bodies) ch.basicPublish(exchange, key, props, bytes(body));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
    }

    protected void publishConfirmed(String exchange, String key, String... bodies) throws Exception {
        publishConfirmed(exchange, key, null, bodies);
    }

    /** Sends to a queue through the default exchange and waits for the confirms. */
    protected void sendConfirmed(String queue, String... bodies) throws Exception {
        publishConfirmed("", queue, null, bodies);
    }

    protected static List<String> numbered(String prefix, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) bodies.add(prefix + i);
        return bodies;
    }

    /**
     * Publishes mandatory messages on a confirm channel and returns the {@code basic.return}s they caused:
     * a return always precedes its message's confirm, so the list is complete when this returns.
     */
    protected List<Return> publishMandatory(String exchange, String key, AMQP.BasicProperties props, String... bodies)
            throws Exception {
        Channel ch = connection.createChannel();
        List<Return> returns = new CopyOnWriteArrayList<>();
        ch.addReturnListener(returns::add);
        ch.confirmSelect();
        for (String body : bodies) ch.basicPublish(exchange, key, true, props, bytes(body));
        ch.waitForConfirmsOrDie(TIMEOUT.toMillis());
        ch.close();
        return returns;
    }

    // ---- inspecting queues and exchanges ----

    /** {@code queue.declare(passive)} on a throw-away channel. */
    protected AMQP.Queue.DeclareOk inspect(String queue) throws Exception {
        Channel ch = connection.createChannel();
        try {
            return ch.queueDeclarePassive(queue);
        } finally {
            if (ch.isOpen()) ch.close();
        }
    }

    /** The queue's ready messages (what {@code declare-ok} reports: unacknowledged ones are not counted). */
    protected int readyCount(String queue) throws Exception {
        return inspect(queue).getMessageCount();
    }

    protected int consumerCount(String queue) throws Exception {
        return inspect(queue).getConsumerCount();
    }

    protected boolean queueExists(String queue) throws Exception {
        return exists(ch -> ch.queueDeclarePassive(queue));
    }

    protected boolean exchangeExists(String exchange) throws Exception {
        return exists(ch -> ch.exchangeDeclarePassive(exchange));
    }

    private boolean exists(ChannelAction passiveDeclare) throws Exception {
        Channel ch = connection.createChannel();
        try {
            passiveDeclare.run(ch);
            ch.close();
            return true;
        } catch (IOException e) {
            ShutdownSignalException signal = (ShutdownSignalException) e.getCause();
            assertEquals(404, ((AMQP.Channel.Close) signal.getReason()).getReplyCode(), signal.getMessage());
            return false;
        }
    }

    /** Takes every ready message from the queue with {@code basic.get} (auto-ack) and returns the bodies in order. */
    protected List<String> drain(String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (GetResponse r; (r = channel.basicGet(queue, true)) != null; ) bodies.add(text(r));
        return bodies;
    }

    // ---- expected errors ----

    @FunctionalInterface
    interface ChannelAction {
        void run(Channel channel) throws Exception;
    }

    /**
     * Runs {@code action} on {@code ch} and returns the {@code channel.close} the broker answers with.
     * Works for synchronous methods and for asynchronous ones ({@code basic.publish}, {@code basic.ack}):
     * when the action itself does not fail, a round trip on the same channel must.
     */
    protected static AMQP.Channel.Close channelError(Channel ch, ChannelAction action) throws Exception {
        ShutdownSignalException signal = awaitShutdown(ch, action);
        assertFalse(signal.isHardError(), () -> "expected a channel error, got a connection error: " + signal.getReason());
        return (AMQP.Channel.Close) signal.getReason();
    }

    protected static void assertChannelError(int code, String text, Channel ch, ChannelAction action) throws Exception {
        AMQP.Channel.Close close = channelError(ch, action);
        assertEquals(text, close.getReplyText());
        assertEquals(code, close.getReplyCode(), close.getReplyText());
        assertFalse(ch.isOpen());
    }

    /** Runs {@code action} on a channel of {@code c} and returns the {@code connection.close} the broker answers with. */
    protected static AMQP.Connection.Close connectionError(Connection c, ChannelAction action) throws Exception {
        Channel ch = c.createChannel();
        ShutdownSignalException signal = awaitShutdown(ch, action);
        assertTrue(signal.isHardError(), () -> "expected a connection error, got a channel error: " + signal.getReason());
        return (AMQP.Connection.Close) signal.getReason();
    }

    protected static void assertConnectionError(int code, String text, Connection c, ChannelAction action) throws Exception {
        AMQP.Connection.Close close = connectionError(c, action);
        assertEquals(text, close.getReplyText());
        assertEquals(code, close.getReplyCode(), close.getReplyText());
        eventually("the connection is closed", () -> !c.isOpen());
    }

    private static ShutdownSignalException awaitShutdown(Channel ch, ChannelAction action) throws Exception {
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        ch.addShutdownListener(closed::complete);
        try {
            action.run(ch);
            // asynchronous methods fail later: a synchronous round trip on the same channel must see the close
            ch.exchangeDeclarePassive("amq.direct");
            fail("the broker accepted it: the channel is still open");
        } catch (IOException | AlreadyClosedException expected) {
            // the close itself is awaited below
        }
        try {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("the broker did not close the channel or connection");
        }
    }

    // ---- consuming ----

    /** A consumer that queues up its deliveries and remembers cancellations. */
    static final class Inbox extends DefaultConsumer {
        final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        final CompletableFuture<String> cancelledByBroker = new CompletableFuture<>();
        final CompletableFuture<String> cancelOk = new CompletableFuture<>();
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final List<String> consumerTags = Collections.synchronizedList(new ArrayList<>());
        String tag;

        Inbox(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            received.add(text(body));
            consumerTags.add(consumerTag);
            deliveries.add(new Delivery(envelope, properties, body));
        }

        @Override
        public void handleCancel(String consumerTag) {
            cancelledByBroker.complete(consumerTag);
        }

        @Override
        public void handleCancelOk(String consumerTag) {
            cancelOk.complete(consumerTag);
        }

        /** The next delivery, waiting up to the timeout. */
        Delivery next() throws InterruptedException {
            Delivery d = deliveries.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(d, "no delivery within " + TIMEOUT);
            return d;
        }

        List<Delivery> next(int count) throws InterruptedException {
            List<Delivery> list = new ArrayList<>();
            for (int i = 0; i < count; i++) list.add(next());
            return list;
        }

        List<String> nextBodies(int count) throws InterruptedException {
            return next(count).stream().map(MessagingTestSupport::text).toList();
        }

        int receivedCount() {
            return received.size();
        }
    }

    protected static Inbox consume(Channel ch, String queue, boolean autoAck) throws IOException {
        Inbox inbox = new Inbox(ch);
        inbox.tag = ch.basicConsume(queue, autoAck, inbox);
        return inbox;
    }

    protected static Inbox consume(Channel ch, String queue, boolean autoAck, Map<String, Object> args) throws IOException {
        Inbox inbox = new Inbox(ch);
        inbox.tag = ch.basicConsume(queue, autoAck, "", false, false, args, inbox);
        return inbox;
    }

    // ---- waiting ----

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} until it holds, failing after the timeout. */
    protected static void eventually(String description, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) fail("timed out waiting until " + description);
            Thread.sleep(5);
        }
    }

    static <T> T await(CompletableFuture<T> future, String what) throws Exception {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("timed out waiting for " + what);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
