package io.warren.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.TestBroker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Topic permissions as RabbitMQ has them: on topic exchanges only, {@code write} against a publish's routing key,
 * {@code read} against the binding key of queue.bind / exchange.bind / unbind from the exchange, with
 * {@code {username}} and {@code {vhost}} expanded. Runs against the reference RabbitMQ too.
 */
class TopicPermissionTest {
    private final String p = "tp" + UUID.randomUUID().toString().substring(0, 6);
    private final String user = p + "-user";
    private final String topic = p + "-t";
    private final String otherTopic = p + "-t2";
    private final String direct = p + "-d";
    private final String queue = p + "-q";
    private TestBroker broker;
    private UserAdmin admin;
    private Connection adminConnection;
    private Connection connection;

    @BeforeEach
    void setUp() throws Exception {
        broker = TestBroker.start();
        admin = UserAdmin.of(broker);
        admin.addUser(user, "pw");
        admin.setPermissions(user, "/", ".*", ".*", ".*");
        admin.setTopicPermissions(user, "/", topic, "^w\\.{username}\\.", "^r\\.{vhost}\\.");
        admin.setTopicPermissions(user, "/", direct, "^$", "^$");
        adminConnection = broker.connectionFactory().newConnection();
        Channel ch = adminConnection.createChannel();
        ch.exchangeDeclare(topic, "topic");
        ch.exchangeDeclare(otherTopic, "topic");
        ch.exchangeDeclare(direct, "direct");
        ch.queueDeclare(queue, false, false, false, null);
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(user);
        factory.setPassword("pw");
        connection = factory.newConnection();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (connection.isOpen()) connection.close();
        Channel ch = adminConnection.createChannel();
        for (String x : List.of(topic, otherTopic, direct)) ch.exchangeDelete(x);
        ch.queueDelete(queue);
        adminConnection.close();
        admin.close();
        broker.close();
    }

    @Test
    void publishChecksTheRoutingKeyAgainstWrite() throws Exception {
        assertEquals(Outcome.ALLOWED, publish(topic, "w." + user + ".a", null));
        assertEquals(refused("w.other.a"), publish(topic, "w.other.a", null));
        assertEquals(Outcome.ALLOWED, publish(otherTopic, "anything", null), "no topic permissions there: every key");
        assertEquals(Outcome.ALLOWED, publish(direct, "anything", null), "only topic exchanges are checked");
        assertEquals(Outcome.ALLOWED, publish(topic, "w." + user + ".a", Map.of("CC", List.of("w.other.b"))),
                "CC and BCC keys are not checked, as in RabbitMQ");
    }

    @Test
    void bindingsFromTheExchangeCheckTheBindingKeyAgainstRead() throws Exception {
        assertEquals(Outcome.ALLOWED, Outcome.of(connection, ch -> ch.queueBind(queue, topic, "r./.x")));
        assertEquals(refused("r.other.x"), Outcome.of(connection, ch -> ch.queueBind(queue, topic, "r.other.x")));
        assertEquals(refused("r.other.x"), Outcome.of(connection, ch -> ch.queueUnbind(queue, topic, "r.other.x")));
        assertEquals(refused("r.other.x"), Outcome.of(connection, ch -> ch.exchangeBind(otherTopic, topic, "r.other.x")));
        assertEquals(Outcome.ALLOWED, Outcome.of(connection, ch -> ch.queueBind(queue, otherTopic, "r.other.x")));
    }

    @Test
    void anEmptyExpressionAllowsOnlyTheEmptyKey() throws Exception {
        admin.setTopicPermissions(user, "/", topic, "", "");
        assertEquals(Outcome.ALLOWED, publish(topic, "", null));
        assertEquals(refused("a"), publish(topic, "a", null));
        assertEquals(Outcome.ALLOWED, Outcome.of(connection, ch -> ch.queueBind(queue, topic, "")));
    }

    @Test
    void clearingTopicPermissionsAllowsEveryKeyAgain() throws Exception {
        assertEquals(refused("w.other.a"), publish(topic, "w.other.a", null));
        admin.clearTopicPermissions(user, "/");
        assertEquals(Outcome.ALLOWED, publish(topic, "w.other.a", null));
    }

    private Outcome publish(String exchange, String key, Map<String, Object> headers) throws Exception {
        return Outcome.of(connection, ch -> {
            ch.confirmSelect();
            ch.basicPublish(exchange, key, new AMQP.BasicProperties.Builder().headers(headers).build(), new byte[0]);
            ch.waitForConfirmsOrDie(5_000);
        });
    }

    private Outcome refused(String key) {
        return new Outcome(403, "ACCESS_REFUSED - access to topic '" + key + "' in exchange '" + topic
                + "' in vhost '/' refused for user '" + user + "'");
    }
}
