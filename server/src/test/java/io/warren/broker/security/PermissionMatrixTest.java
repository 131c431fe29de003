package io.warren.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the permission table in COMPAT.md, allowed and refused, through RabbitMQ's Java client. Each case
 * sets the user's permissions, then runs one operation on a fresh channel of the same connection (so each also
 * shows that a change applies without reconnecting). The matrix of results is printed, and written to
 * {@code target/permission-matrix.md}. Runs against the reference RabbitMQ too ({@code -Dwarren.test.external.port=5673}).
 */
class PermissionMatrixTest {
    private static final String P = "mx" + UUID.randomUUID().toString().substring(0, 6);
    private static final String USER = P + "-user";
    private static final String X = P + "-x";
    private static final String T = P + "-t";
    private static final String X2 = P + "-x2";
    private static final String AE = P + "-ae";
    private static final String DLX = P + "-dlx";
    private static final String Q = P + "-q";
    private static final List<String[]> RESULTS = Collections.synchronizedList(new ArrayList<>());

    private static TestBroker broker;
    private static UserAdmin admin;
    private static Connection adminConnection;
    private static Connection userConnection;

    /** One case: the permissions to set, what to do, and the refusal text expected (null: allowed). */
    record Case(String operation, String variant, String configure, String write, String read, Outcome.Action action,
                String refusedResource) {
        @Override
        public String toString() {
            return operation + " - " + variant;
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        broker = TestBroker.start();
        admin = UserAdmin.of(broker);
        admin.addUser(USER, "pw");
        admin.setPermissions(USER, "/", "", "", "");
        adminConnection = broker.connectionFactory().newConnection();
        Channel ch = adminConnection.createChannel();
        for (String x : List.of(X, X2, AE, DLX, P + "-xdel1", P + "-xdel2")) ch.exchangeDeclare(x, "direct");
        ch.exchangeDeclare(T, "topic");
        for (String q : List.of(Q, P + "-qdel1", P + "-qdel2")) ch.queueDeclare(q, false, false, false, null);
        ch.queueBind(Q, X, "k-unbind");
        ch.exchangeBind(X2, X, "k-unbind");
        ch.close();
        userConnection = connect();
    }

    @AfterAll
    static void tearDown() throws Exception {
        printMatrix();
        if (userConnection != null && userConnection.isOpen()) userConnection.close();
        if (adminConnection != null) {
            Channel ch = adminConnection.createChannel();
            for (String x : List.of(X, X2, T, AE, DLX, P + "-xdel1", P + "-xdel2")) ch.exchangeDelete(x);
            for (String q : List.of(Q, P + "-qdel1", P + "-qdel2")) ch.queueDelete(q);
            adminConnection.close();
        }
        if (admin != null) admin.close();
        if (broker != null) broker.close();
    }

    static Stream<Case> cases() {
        String none = "";
        return Stream.of(
                new Case("exchange.declare", "allowed", only(P + "-xd1"), none, none,
                        ch -> ch.exchangeDeclare(P + "-xd1", "direct"), null),
                new Case("exchange.declare", "refused: configure", none, ".*", ".*",
                        ch -> ch.exchangeDeclare(P + "-xd2", "direct"), ex(P + "-xd2")),
                new Case("exchange.declare", "passive: never checked", none, none, none,
                        ch -> ch.exchangeDeclarePassive(X), null),
                new Case("exchange.delete", "allowed", only(P + "-xdel1"), none, none,
                        ch -> ch.exchangeDelete(P + "-xdel1"), null),
                new Case("exchange.delete", "refused: configure", none, ".*", ".*",
                        ch -> ch.exchangeDelete(P + "-xdel2"), ex(P + "-xdel2")),
                new Case("exchange.declare with alternate-exchange", "allowed", only(P + "-ae1"), only(AE), only(P + "-ae1"),
                        ch -> ch.exchangeDeclare(P + "-ae1", "direct", false, false, Map.of("alternate-exchange", AE)), null),
                new Case("exchange.declare with alternate-exchange", "refused: read on exchange", only(P + "-ae2"), only(AE), none,
                        ch -> ch.exchangeDeclare(P + "-ae2", "direct", false, false, Map.of("alternate-exchange", AE)), ex(P + "-ae2")),
                new Case("exchange.declare with alternate-exchange", "refused: write on AE", only(P + "-ae3"), none, only(P + "-ae3"),
                        ch -> ch.exchangeDeclare(P + "-ae3", "direct", false, false, Map.of("alternate-exchange", AE)), ex(AE)),
                new Case("queue.declare", "allowed", only(P + "-qd1"), none, none,
                        ch -> ch.queueDeclare(P + "-qd1", false, false, true, null), null),
                new Case("queue.declare", "refused: configure", none, ".*", ".*",
                        ch -> ch.queueDeclare(P + "-qd2", false, false, true, null), queue(P + "-qd2")),
                new Case("queue.declare", "passive: never checked", none, none, none,
                        ch -> ch.queueDeclarePassive(Q), null),
                new Case("queue.delete", "allowed", only(P + "-qdel1"), none, none,
                        ch -> ch.queueDelete(P + "-qdel1"), null),
                new Case("queue.delete", "refused: configure", none, ".*", ".*",
                        ch -> ch.queueDelete(P + "-qdel2"), queue(P + "-qdel2")),
                new Case("queue.declare with x-dead-letter-exchange", "allowed", only(P + "-dl1"), only(DLX), only(P + "-dl1"),
                        ch -> ch.queueDeclare(P + "-dl1", false, false, true, Map.of("x-dead-letter-exchange", DLX)), null),
                new Case("queue.declare with x-dead-letter-exchange", "refused: read on queue", only(P + "-dl2"), only(DLX), none,
                        ch -> ch.queueDeclare(P + "-dl2", false, false, true, Map.of("x-dead-letter-exchange", DLX)), queue(P + "-dl2")),
                new Case("queue.declare with x-dead-letter-exchange", "refused: write on DLX", only(P + "-dl3"), none, only(P + "-dl3"),
                        ch -> ch.queueDeclare(P + "-dl3", false, false, true, Map.of("x-dead-letter-exchange", DLX)), ex(DLX)),
                new Case("queue.bind", "allowed", none, only(Q), only(X), ch -> ch.queueBind(Q, X, "k"), null),
                new Case("queue.bind", "refused: write on queue", ".*", none, ".*", ch -> ch.queueBind(Q, X, "k"), queue(Q)),
                new Case("queue.bind", "refused: read on exchange", ".*", ".*", none, ch -> ch.queueBind(Q, X, "k"), ex(X)),
                new Case("queue.unbind", "allowed", none, only(Q), only(X), ch -> ch.queueUnbind(Q, X, "k"), null),
                new Case("queue.unbind", "refused: write on queue", ".*", none, ".*", ch -> ch.queueUnbind(Q, X, "k-unbind"), queue(Q)),
                new Case("queue.unbind", "refused: read on exchange", ".*", ".*", none, ch -> ch.queueUnbind(Q, X, "k-unbind"), ex(X)),
                new Case("exchange.bind", "allowed", none, only(X2), only(X), ch -> ch.exchangeBind(X2, X, "k"), null),
                new Case("exchange.bind", "refused: write on destination", ".*", none, ".*", ch -> ch.exchangeBind(X2, X, "k"), ex(X2)),
                new Case("exchange.bind", "refused: read on source", ".*", ".*", none, ch -> ch.exchangeBind(X2, X, "k"), ex(X)),
                new Case("exchange.unbind", "allowed", none, only(X2), only(X), ch -> ch.exchangeUnbind(X2, X, "k"), null),
                new Case("exchange.unbind", "refused: write on destination", ".*", none, ".*",
                        ch -> ch.exchangeUnbind(X2, X, "k-unbind"), ex(X2)),
                new Case("exchange.unbind", "refused: read on source", ".*", ".*", none,
                        ch -> ch.exchangeUnbind(X2, X, "k-unbind"), ex(X)),
                new Case("basic.publish", "allowed", none, only(X), none, ch -> publish(ch, X), null),
                new Case("basic.publish", "refused: write", ".*", none, ".*", ch -> publish(ch, X), ex(X)),
                new Case("basic.publish", "refused: write, exchange missing", ".*", none, ".*",
                        ch -> publish(ch, P + "-missing"), ex(P + "-missing")),
                new Case("basic.publish", "default exchange allowed as amq.default", none, "^amq\\.default$", none,
                        ch -> publish(ch, ""), null),
                new Case("basic.publish", "default exchange refused as amq.default", ".*", only(X), ".*",
                        ch -> publish(ch, ""), ex("amq.default")),
                new Case("basic.get", "allowed", none, none, only(Q), ch -> ch.basicGet(Q, true), null),
                new Case("basic.get", "refused: read", ".*", ".*", none, ch -> ch.basicGet(Q, true), queue(Q)),
                new Case("basic.consume", "allowed", none, none, only(Q), ch -> ch.basicConsume(Q, true, (t, d) -> { }, t -> { }), null),
                new Case("basic.consume", "refused: read", ".*", ".*", none,
                        ch -> ch.basicConsume(Q, true, (t, d) -> { }, t -> { }), queue(Q)),
                new Case("queue.purge", "allowed", none, none, only(Q), ch -> ch.queuePurge(Q), null),
                new Case("queue.purge", "refused: read", ".*", ".*", none, ch -> ch.queuePurge(Q), queue(Q)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void permissionMatrix(Case c) throws Exception {
        admin.setPermissions(USER, "/", c.configure, c.write, c.read);
        if (!userConnection.isOpen()) userConnection = connect();
        Outcome outcome = Outcome.of(userConnection, c.action);
        RESULTS.add(new String[] {c.operation, c.variant, "`" + c.configure + "` / `" + c.write + "` / `" + c.read + "`",
                outcome.allowed() ? "allowed" : outcome.code() + " `" + outcome.text() + "`"});
        Outcome expected = c.refusedResource == null ? Outcome.ALLOWED : new Outcome(403,
                "ACCESS_REFUSED - access to " + c.refusedResource + " in vhost '/' refused for user '" + USER + "'");
        assertEquals(expected, outcome);
    }

    private static Connection connect() throws Exception {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(USER);
        factory.setPassword("pw");
        return factory.newConnection();
    }

    private static void publish(Channel channel, String exchange) throws Exception {
        channel.confirmSelect();
        channel.basicPublish(exchange, "nowhere", null, new byte[] {1});
        channel.waitForConfirmsOrDie(5_000);
    }

    /** An expression that matches exactly these names. */
    static String only(String... names) {
        return Stream.of(names).map(n -> n.replace(".", "\\.")).collect(Collectors.joining("|", "^(", ")$"));
    }

    private static String ex(String name) {
        return "exchange '" + name + "'";
    }

    private static String queue(String name) {
        return "queue '" + name + "'";
    }

    private static void printMatrix() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("| operation | case | configure / write / read | result |");
        lines.add("|---|---|---|---|");
        synchronized (RESULTS) {
            for (String[] row : RESULTS) lines.add("| " + String.join(" | ", row).replace(P, "p") + " |");
        }
        String table = String.join("\n", lines);
        System.out.println("Permission matrix (" + (broker.isExternal() ? "external broker" : "Warren") + "):\n" + table);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve(broker.isExternal() ? "permission-matrix-external.md" : "permission-matrix.md"), table + "\n");
        }
    }
}
