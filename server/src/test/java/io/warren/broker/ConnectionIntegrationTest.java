package io.warren.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.LongString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handshake, channels and closing, driven by RabbitMQ's own Java client. */
class ConnectionIntegrationTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void serverPropertiesAreRabbitShaped() throws Exception {
        try (Connection connection = broker.connectionFactory().newConnection()) {
            Map<String, Object> props = connection.getServerProperties();
            assertEquals("3.10.8", props.get("version").toString());
            assertEquals("Warren", props.get("product").toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> capabilities = (Map<String, Object>) props.get("capabilities");
            for (String capability : List.of("publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                    "consumer_cancel_notify", "connection.blocked", "consumer_priorities",
                    "authentication_failure_close", "per_consumer_qos", "direct_reply_to")) {
                assertEquals(Boolean.TRUE, capabilities.get(capability), capability);
            }
            assertEquals(2047, connection.getChannelMax());
            assertEquals(131072, connection.getFrameMax());
        }
    }

    @Test
    void opensAndCloses200Channels() throws Exception {
        try (Connection connection = broker.connectionFactory().newConnection()) {
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < 200; i++) channels.add(connection.createChannel());
            assertEquals(200, channels.stream().map(Channel::getChannelNumber).distinct().count());
            for (Channel channel : channels) channel.close();
            channels.forEach(c -> assertFalse(c.isOpen()));
            assertTrue(connection.isOpen());
            // numbers are reusable once closed
            Channel again = connection.createChannel(1);
            assertEquals(1, again.getChannelNumber());
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setPassword("not-the-password");
        assertThrows(AuthenticationFailureException.class, factory::newConnection);
    }

    @Test
    void unknownUserAndBlankPasswordAreRefused() {
        ConnectionFactory unknown = broker.connectionFactory();
        unknown.setUsername("nobody");
        assertThrows(AuthenticationFailureException.class, unknown::newConnection);
        ConnectionFactory blank = broker.connectionFactory();
        blank.setPassword("");
        assertThrows(AuthenticationFailureException.class, blank::newConnection);
    }

    @Test
    void unknownVhostIsRefusedWith530() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setVirtualHost("no-such-vhost");
        IOException e = assertThrows(IOException.class, factory::newConnection);
        ShutdownSignalException signal = assertInstanceOf(ShutdownSignalException.class, e.getCause());
        var close = (com.rabbitmq.client.AMQP.Connection.Close) signal.getReason();
        assertEquals(530, close.getReplyCode());
        assertEquals("NOT_ALLOWED - vhost no-such-vhost not found", close.getReplyText());
    }

    @Test
    void heartbeatIsNegotiated() throws Exception {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedHeartbeat(7);
        try (Connection connection = factory.newConnection()) {
            assertEquals(7, connection.getHeartbeat());
        }
        factory.setRequestedHeartbeat(0);
        try (Connection connection = factory.newConnection()) {
            assertEquals(60, connection.getHeartbeat(), "a client asking for 0 takes the server's 60 s, as with RabbitMQ");
        }
    }

    @Test
    void aClientSendingGarbageIsClosedWhileAnotherStaysConnected() throws Exception {
        try (Connection good = broker.connectionFactory().newConnection();
             RawAmqpClient bad = broker.rawClient()) {
            Channel channel = good.createChannel();
            bad.open();
            bad.sendBytes("this is not an AMQP frame at all, just garbage bytes".getBytes());
            var close = assertInstanceOf(ConnectionMethod.Close.class, bad.readMethod());
            assertEquals(501, close.replyCode());
            assertTrue(close.replyText().startsWith("FRAME_ERROR - "), close.replyText());
            assertTrue(bad.awaitServerClose());
            assertTrue(good.isOpen());
            assertTrue(channel.isOpen());
            Channel another = good.createChannel();
            assertTrue(another.isOpen());
        }
    }

    @Test
    void clientCloseIsAnswered() throws Exception {
        Connection connection = broker.connectionFactory().newConnection();
        connection.close();
        assertFalse(connection.isOpen());
        assertTrue(eventually(() -> broker.broker().connections().size() == 0));
    }

    @Test
    void brokerShutdownSends320ToEveryClient() throws Exception {
        Connection connection = broker.connectionFactory().newConnection();
        CompletableFuture<ShutdownSignalException> shutdown = new CompletableFuture<>();
        connection.addShutdownListener(shutdown::complete);
        broker.broker().close();
        ShutdownSignalException signal = shutdown.get(10, TimeUnit.SECONDS);
        var close = (com.rabbitmq.client.AMQP.Connection.Close) signal.getReason();
        assertEquals(320, close.getReplyCode());
        assertEquals("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'", close.getReplyText());
    }

    @Test
    void amqplainLogin() throws Exception {
        try (RawAmqpClient client = broker.rawClient()) {
            client.start();
            var table = io.netty.buffer.Unpooled.buffer();
            io.warren.codec.FieldCodec.writeTable(table, new java.util.LinkedHashMap<>(Map.of(
                    "LOGIN", LongString.of("guest"), "PASSWORD", LongString.of("guest"))));
            table.skipBytes(4); // AMQPLAIN sends the table without its size
            byte[] response = new byte[table.readableBytes()];
            table.readBytes(response);
            table.release();
            client.send(0, new ConnectionMethod.StartOk(RawAmqpClient.CAPABILITIES, "AMQPLAIN", LongString.of(response), "en_US"));
            assertInstanceOf(ConnectionMethod.Tune.class, client.readMethod());
        }
    }

    static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
