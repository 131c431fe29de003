package io.warren.broker;

import io.warren.config.ConfigLoader;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real broker on a free loopback port and a fresh temporary data directory, for one test. */
public final class TestBroker implements AutoCloseable {
    private final Broker broker;
    private final Path dataDir;

    private TestBroker(Broker broker, Path dataDir) {
        this.broker = broker;
        this.dataDir = dataDir;
    }

    /** Starts a broker; {@code settings} are extra {@code key=value} configuration lines. */
    public static TestBroker start(String... settings) throws Exception {
        Path dataDir = Files.createTempDirectory("warren-test");
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString()));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        Broker broker = new Broker(ConfigLoader.load(args.toArray(String[]::new), Map.of())).start();
        return new TestBroker(broker, dataDir);
    }

    public int port() {
        return broker.amqpAddresses().get(0).getPort();
    }

    public Broker broker() {
        return broker;
    }

    /** An amqp-client factory pointed at this broker as guest/guest. */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port());
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    public RawAmqpClient rawClient() throws Exception {
        return RawAmqpClient.connect(port());
    }

    @Override
    public void close() throws Exception {
        broker.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
