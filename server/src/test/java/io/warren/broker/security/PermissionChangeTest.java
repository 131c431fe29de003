package io.warren.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.TestBroker;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changes to users and permissions apply to open connections at their next operation, without reconnecting. */
class PermissionChangeTest {
    private final String user = "chg" + UUID.randomUUID().toString().substring(0, 6);
    private final String queue = user + "-q";
    private TestBroker broker;
    private UserAdmin admin;
    private Connection connection;

    @BeforeEach
    void setUp() throws Exception {
        broker = TestBroker.start();
        admin = UserAdmin.of(broker);
        admin.addUser(user, "pw");
        admin.setPermissions(user, "/", ".*", ".*", ".*");
        connection = factory("pw").newConnection();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (connection.isOpen()) connection.abort();
        try (Connection guest = broker.connectionFactory().newConnection()) {
            guest.createChannel().queueDelete(queue);
        }
        admin.close();
        broker.close();
    }

    /** The same channel, the same resource: Warren drops its cache at once (RabbitMQ may still allow a cached resource). */
    @Test
    void revokingWriteRefusesTheNextPublishOnTheSameChannel() throws Exception {
        assumeFalse(TestBroker.external());
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        channel.queueDeclare(queue, false, false, false, null);
        channel.basicPublish("", queue, null, new byte[0]);
        channel.waitForConfirmsOrDie(5_000);
        admin.setPermissions(user, "/", ".*", "^$", ".*");
        channel.basicPublish("", queue, null, new byte[0]);
        assertThrows(Exception.class, () -> channel.waitForConfirmsOrDie(5_000));
        assertEquals(new Outcome(403, "ACCESS_REFUSED - access to exchange 'amq.default' in vhost '/' refused for user '" + user + "'"),
                Outcome.of(channel.getCloseReason()));
        admin.setPermissions(user, "/", ".*", ".*", ".*");
        assertEquals(Outcome.ALLOWED, Outcome.of(connection, ch -> ch.basicPublish("", queue, null, new byte[0])));
    }

    @Test
    void clearingPermissionsRefusesNewResourcesAndNewConnections() throws Exception {
        assertEquals(Outcome.ALLOWED, Outcome.of(connection, ch -> ch.queueDeclare(queue, false, false, false, null)));
        admin.clearPermissions(user, "/");
        assertEquals(new Outcome(403, "ACCESS_REFUSED - access to queue '" + queue + "-2' in vhost '/' refused for user '" + user + "'"),
                Outcome.of(connection, ch -> ch.queueDeclare(queue + "-2", false, false, false, null)));
        assertTrue(connection.isOpen(), "RabbitMQ leaves open connections open");
        var e = assertThrows(java.io.IOException.class, () -> factory("pw").newConnection());
        assertEquals(new Outcome(530, "NOT_ALLOWED - access to vhost '/' refused for user '" + user + "'"),
                Outcome.of(assertInstanceOf(ShutdownSignalException.class, e.getCause())));
    }

    @Test
    void deletingAUserClosesItsConnectionsWith320() throws Exception {
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        connection.addShutdownListener(closed::complete);
        admin.deleteUser(user);
        ShutdownSignalException signal = closed.get(10, TimeUnit.SECONDS);
        assertEquals(new Outcome(320, "CONNECTION_FORCED - user '" + user + "' is deleted"), Outcome.of(signal));
        assertThrows(AuthenticationFailureException.class, () -> factory("pw").newConnection());
    }

    @Test
    void aNewPasswordAppliesToNewConnectionsOnly() throws Exception {
        assumeFalse(TestBroker.external());
        broker.broker().users().changePassword(user, "new");
        assertTrue(connection.isOpen());
        assertFalse(connection.createChannel() == null);
        assertThrows(AuthenticationFailureException.class, () -> factory("pw").newConnection());
        factory("new").newConnection().close();
    }

    private ConnectionFactory factory(String password) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(user);
        factory.setPassword(password);
        return factory;
    }
}
