package io.warren.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Command;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.TrafficListener;
import io.warren.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * A real broker on a free loopback port and a fresh temporary data directory, for one test.
 *
 * <p>With the system property {@value #EXTERNAL_PORT_PROPERTY} set (for example to 5673, the reference
 * RabbitMQ), no Warren is started: {@link #port()} is that port, and {@link #close()} closes the
 * connections opened through {@link #connectionFactory()} and deletes every queue and exchange they
 * declared. That lets the same test run against RabbitMQ, to prove its expectations are RabbitMQ's.
 */
public final class TestBroker implements AutoCloseable {
    public static final String EXTERNAL_PORT_PROPERTY = "warren.test.external.port";

    private Broker broker;
    private final Path dataDir;
    private final int externalPort;
    private final Set<String> declaredQueues = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> declaredExchanges = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<Connection> externalConnections = java.util.Collections.synchronizedList(new ArrayList<>());

    private TestBroker(Broker broker, Path dataDir, int externalPort) {
        this.broker = broker;
        this.dataDir = dataDir;
        this.externalPort = externalPort;
    }

    /** True when the tests run against an already running broker rather than an in-process Warren. */
    public static boolean external() {
        String port = System.getProperty(EXTERNAL_PORT_PROPERTY);
        return port != null && !port.isBlank();
    }

    /**
     * Starts a broker; {@code settings} are extra {@code key=value} configuration lines. Against an
     * external broker the settings cannot be applied: tests that depend on them should skip themselves
     * there (see {@link #external()}).
     */
    public static TestBroker start(String... settings) throws Exception {
        if (external()) {
            return new TestBroker(null, null, Integer.parseInt(System.getProperty(EXTERNAL_PORT_PROPERTY).trim()));
        }
        Path dataDir = Files.createTempDirectory("warren-test");
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString()));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        Broker broker = new Broker(ConfigLoader.load(args.toArray(String[]::new), Map.of())).start();
        return new TestBroker(broker, dataDir, -1);
    }

    /**
     * Stops the in-process broker cleanly and starts a new one on the same data directory (and a
     * new free port): what survives is what a restart keeps.
     */
    public void restart() throws Exception {
        if (isExternal()) throw new IllegalStateException("cannot restart the external broker");
        var config = broker.config();
        broker.close();
        broker = new Broker(config).start();
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isExternal() {
        return broker == null;
    }

    public int port() {
        return isExternal() ? externalPort : broker.amqpAddresses().get(0).getPort();
    }

    /** The in-process Warren; not available against an external broker. */
    public Broker broker() {
        if (isExternal()) throw new IllegalStateException("running against the external broker on port " + externalPort);
        return broker;
    }

    /** An amqp-client factory pointed at this broker as guest/guest. */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = isExternal() ? new TrackingConnectionFactory() : new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port());
        factory.setAutomaticRecoveryEnabled(false);
        if (isExternal()) factory.setTrafficListener(new DeclarationRecorder());
        return factory;
    }

    public RawAmqpClient rawClient() throws Exception {
        return RawAmqpClient.connect(port());
    }

    @Override
    public void close() throws Exception {
        if (isExternal()) {
            cleanUpExternal();
            return;
        }
        broker.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Closes what the test left open and deletes what it declared, so runs against one broker don't collide. */
    private void cleanUpExternal() throws Exception {
        List<Connection> open;
        synchronized (externalConnections) {
            open = new ArrayList<>(externalConnections);
            externalConnections.clear();
        }
        for (Connection connection : open) {
            try {
                if (connection.isOpen()) connection.close(5_000);
            } catch (Exception ignored) {
                connection.abort();
            }
        }
        List<String> queues;
        List<String> exchanges;
        synchronized (declaredQueues) {
            queues = new ArrayList<>(declaredQueues);
        }
        synchronized (declaredExchanges) {
            exchanges = new ArrayList<>(declaredExchanges);
        }
        if (queues.isEmpty() && exchanges.isEmpty()) return;
        ConnectionFactory plain = new ConnectionFactory();
        plain.setHost("127.0.0.1");
        plain.setPort(externalPort);
        plain.setAutomaticRecoveryEnabled(false);
        try (Connection cleaner = plain.newConnection("test-cleanup")) {
            Channel channel = cleaner.createChannel();
            for (String queue : queues) {
                channel = deleteQuietly(cleaner, channel, ch -> ch.queueDelete(queue));
            }
            for (String exchange : exchanges) {
                channel = deleteQuietly(cleaner, channel, ch -> ch.exchangeDelete(exchange));
            }
        }
    }

    private interface Deletion {
        void run(Channel channel) throws IOException;
    }

    private static Channel deleteQuietly(Connection connection, Channel channel, Deletion deletion) throws IOException {
        try {
            deletion.run(channel);
            return channel;
        } catch (IOException | RuntimeException e) {
            return connection.createChannel(); // e.g. a queue still locked by an exclusive owner: nothing to do
        }
    }

    /** Records the names of every queue and exchange a connection declares (including server-named queues). */
    private final class DeclarationRecorder implements TrafficListener {
        @Override
        public void write(Command command) {
            if (command.getMethod() instanceof AMQP.Queue.Declare declare && !declare.getPassive()
                    && !declare.getQueue().isEmpty()) {
                declaredQueues.add(declare.getQueue());
            } else if (command.getMethod() instanceof AMQP.Exchange.Declare declare && !declare.getPassive()
                    && !declare.getExchange().isEmpty() && !declare.getExchange().startsWith("amq.")) {
                declaredExchanges.add(declare.getExchange());
            }
        }

        @Override
        public void read(Command command) {
            if (command.getMethod() instanceof AMQP.Queue.DeclareOk ok) declaredQueues.add(ok.getQueue());
        }
    }

    /** Remembers the connections it opens, so that {@link #close()} can close them against an external broker. */
    private final class TrackingConnectionFactory extends ConnectionFactory {
        @Override
        public Connection newConnection(ExecutorService executor, AddressResolver addressResolver, String clientProvidedName)
                throws IOException, TimeoutException {
            Connection connection = super.newConnection(executor, addressResolver, clientProvidedName);
            externalConnections.add(connection);
            return connection;
        }
    }
}
