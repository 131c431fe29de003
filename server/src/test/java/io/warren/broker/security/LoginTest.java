package io.warren.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.RawAmqpClient;
import io.warren.broker.TestBroker;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.LongString;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Logging in: refused logins (bad or blank password, unknown user) get 403 after the configured delay without
 * holding up anyone else; connection.open checks the vhost (530 when missing or not granted); guest only from
 * loopback. The texts are RabbitMQ 3.10's; tests that need Warren's settings skip against an external broker.
 */
class LoginTest {
    private static final int DELAY_MS = 400;
    private final String user = "login" + UUID.randomUUID().toString().substring(0, 6);
    private TestBroker broker;
    private UserAdmin admin;

    private void start(String... settings) throws Exception {
        broker = TestBroker.start(settings);
        admin = UserAdmin.of(broker);
        admin.addUser(user, "right");
        admin.setPermissions(user, "/", ".*", ".*", ".*");
    }

    @AfterEach
    void stop() throws Exception {
        if (admin != null) admin.close();
        if (broker != null) broker.close();
    }

    @Test
    void badBlankAndUnknownCredentialsAreRefusedWith403() throws Exception {
        start("warren.login_failure_delay=" + DELAY_MS);
        for (String[] credentials : new String[][] {{user, "wrong"}, {user, ""}, {"nobody-" + user, "right"}}) {
            ConnectionFactory factory = factory(credentials[0], credentials[1], "/");
            AuthenticationFailureException e = assertThrows(AuthenticationFailureException.class, factory::newConnection);
            assertEquals("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.",
                    e.getMessage());
        }
        try (Connection ok = factory(user, "right", "/").newConnection()) {
            assertTrue(ok.isOpen());
        }
    }

    @Test
    void aRefusedLoginIsAnsweredAfterTheDelayWithoutBlockingOthers() throws Exception {
        assumeFalse(TestBroker.external());
        String previous = System.setProperty("warren.ioThreads", "1"); // every connection on one event loop
        try {
            start("warren.login_failure_delay=1500");
        } finally {
            if (previous == null) System.clearProperty("warren.ioThreads"); else System.setProperty("warren.ioThreads", previous);
        }
        long started = System.nanoTime();
        CompletableFuture<Throwable> refused = CompletableFuture.supplyAsync(() -> {
            try {
                factory(user, "wrong", "/").newConnection().close();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(200);
        long goodStart = System.nanoTime();
        try (Connection good = factory(user, "right", "/").newConnection()) {
            assertTrue(good.createChannel().isOpen());
        }
        long goodMillis = (System.nanoTime() - goodStart) / 1_000_000;
        assertTrue(goodMillis < 1000, "a good login waited " + goodMillis + " ms behind a refused one");
        assertInstanceOf(AuthenticationFailureException.class, refused.get());
        long refusedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(refusedMillis >= 1400, "refused after " + refusedMillis + " ms");
    }

    @Test
    void aClientWithoutAuthenticationFailureCloseSeesTheSocketClose() throws Exception {
        assumeFalse(TestBroker.external());
        start("warren.login_failure_delay=100");
        try (RawAmqpClient raw = broker.rawClient()) {
            raw.start();
            raw.send(0, new ConnectionMethod.StartOk(Map.of(), "PLAIN", LongString.of("\0" + user + "\0wrong"), "en_US"));
            assertEquals(0, raw.readAllBytes().length, "no connection.close, as RabbitMQ");
        }
    }

    @Test
    void unknownVhostIs530NotFound() throws Exception {
        start();
        assertEquals(new Outcome(530, "NOT_ALLOWED - vhost no-such-vhost not found"), openFails(factory(user, "right", "no-such-vhost")));
    }

    @Test
    void aVhostWithoutPermissionsIs530AccessRefused() throws Exception {
        start();
        admin.clearPermissions(user, "/");
        assertEquals(new Outcome(530, "NOT_ALLOWED - access to vhost '/' refused for user '" + user + "'"),
                openFails(factory(user, "right", "/")));
    }

    @Test
    void guestFromLoopbackIsAccepted() throws Exception {
        start();
        try (Connection guest = broker.connectionFactory().newConnection()) {
            assertTrue(guest.isOpen());
        }
    }

    /** Connects through a non-loopback address of this machine, if it has one: guest is refused, others are not. */
    @Test
    void guestFromANonLoopbackAddressIsRefused() throws Exception {
        assumeFalse(TestBroker.external());
        Optional<InetAddress> address = nonLoopbackAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        start("listeners.tcp.lan=0.0.0.0:0", "warren.login_failure_delay=0");
        int port = broker.broker().amqpAddresses().get(1).getPort();
        ConnectionFactory guest = broker.connectionFactory();
        guest.setHost(address.get().getHostAddress());
        guest.setPort(port);
        assertThrows(AuthenticationFailureException.class, guest::newConnection);
        ConnectionFactory other = factory(user, "right", "/");
        other.setHost(address.get().getHostAddress());
        other.setPort(port);
        try (Connection connection = other.newConnection()) {
            assertTrue(connection.isOpen());
        }
    }

    @Test
    void externalIsNeverOfferedOnPlainTcp() throws Exception {
        assumeFalse(TestBroker.external());
        start("auth_mechanisms.1=PLAIN", "auth_mechanisms.2=AMQPLAIN", "auth_mechanisms.3=EXTERNAL");
        try (RawAmqpClient raw = broker.rawClient()) {
            ConnectionMethod.Start start = raw.start();
            assertEquals("PLAIN AMQPLAIN", start.mechanisms().toString());
            raw.send(0, new ConnectionMethod.StartOk(RawAmqpClient.CAPABILITIES, "EXTERNAL", LongString.of(""), "en_US"));
            ConnectionMethod.Close close = (ConnectionMethod.Close) raw.readMethod();
            assertEquals(503, close.replyCode());
            assertEquals("COMMAND_INVALID - invalid authentication mechanism 'EXTERNAL'", close.replyText());
        }
    }

    @Test
    void amqplainLogsInAndIsRefusedLikePlain() throws Exception {
        assumeFalse(TestBroker.external());
        start("warren.login_failure_delay=0");
        try (RawAmqpClient raw = broker.rawClient()) {
            raw.start();
            raw.send(0, new ConnectionMethod.StartOk(RawAmqpClient.CAPABILITIES, "AMQPLAIN", amqplain(user, "wrong"), "en_US"));
            ConnectionMethod.Close close = (ConnectionMethod.Close) raw.readMethod();
            assertEquals("ACCESS_REFUSED - Login was refused using authentication mechanism AMQPLAIN. For details see the broker logfile.",
                    close.replyText());
        }
        try (RawAmqpClient raw = broker.rawClient()) {
            raw.start();
            raw.send(0, new ConnectionMethod.StartOk(RawAmqpClient.CAPABILITIES, "AMQPLAIN", amqplain(user, "right"), "en_US"));
            assertInstanceOf(ConnectionMethod.Tune.class, raw.readMethod());
        }
    }

    private static LongString amqplain(String login, String password) {
        var buf = io.netty.buffer.Unpooled.buffer();
        io.warren.codec.FieldCodec.writeTable(buf, new java.util.LinkedHashMap<>(Map.of("LOGIN", LongString.of(login),
                "PASSWORD", LongString.of(password))));
        buf.skipBytes(4); // AMQPLAIN's response is the table without its size
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return LongString.of(bytes);
    }

    private ConnectionFactory factory(String username, String password, String vhost) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        return factory;
    }

    private static Outcome openFails(ConnectionFactory factory) {
        IOException e = assertThrows(IOException.class, factory::newConnection);
        assertFalse(e instanceof PossibleAuthenticationFailureException, e.toString());
        return Outcome.of(assertInstanceOf(ShutdownSignalException.class, e.getCause()));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
