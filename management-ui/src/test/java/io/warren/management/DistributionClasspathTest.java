package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.warren.broker.Broker;
import io.warren.config.ConfigLoader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bin/warren runs from this module's classpath: it must hold a startable broker and a logging backend. */
class DistributionClasspathTest {
    @Test
    void theBrokerStartsFromThisClasspathAndLogsThroughLogback() throws Exception {
        assertEquals("ch.qos.logback.classic.LoggerContext",
                org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());
        Path dataDir = Files.createTempDirectory("warren-dist");
        var config = ConfigLoader.load(new String[] {"--bind", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()}, Map.of());
        try (Broker broker = new Broker(config).start();
             Socket socket = new Socket("127.0.0.1", broker.amqpAddresses().get(0).getPort())) {
            socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            byte[] frameHeader = socket.getInputStream().readNBytes(7);
            assertEquals(1, frameHeader[0], "the broker answers with a method frame (connection.start)");
            assertNotNull(broker.connections());
        }
    }
}
