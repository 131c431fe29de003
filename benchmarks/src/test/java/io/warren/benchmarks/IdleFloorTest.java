package io.warren.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The floor under scenario 8: {@link IdleFloorServer} holds plain connections, {@code memory_scenario.py raw}
 * opens and counts them, and {@code idle_floor.py} starts the servers with bin/warren's JVM defaults.
 */
class IdleFloorTest {
    private static final byte[] PROTOCOL_HEADER = "AMQP\0\0\u0009\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"nio", "netty"})
    void eachKindAcceptsAndHoldsConnections(String kind) throws Exception {
        try (IdleFloorServer server = IdleFloorServer.start(kind, 0)) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    Socket client = new Socket("127.0.0.1", server.port());
                    OutputStream out = client.getOutputStream();
                    out.write(PROTOCOL_HEADER);
                    out.flush();
                    clients.add(client);
                }
                awaitCount(20, server::connections);
                for (Socket client : clients) assertStillOpen(client);
            } finally {
                for (Socket client : clients) client.close();
            }
            if (kind.equals("netty")) awaitCount(0, server::connections);   // it reads, so it sees them go
        }
    }

    @Test
    void memoryScenarioRawModeOpensThePlainConnectionsAndReportsTheListenersMemory() throws Exception {
        try (IdleFloorServer server = IdleFloorServer.start("netty", 0)) {
            String out = PythonHelper.run("memory_scenario.py",
                    List.of("raw", "--port", String.valueOf(server.port()), "--connections", "20", "--settle", "0"));
            JsonNode result = JSON.readTree(out.lines().reduce((first, last) -> last).orElseThrow());
            assertEquals(ProcessHandle.current().pid(), result.get("pid").asLong(), "the process listening: this JVM");
            assertEquals(20, result.get("detail").get("connections").asInt(), "all 20 still open when counted");
            assertTrue(result.get("baseline_rss_kib").asLong() > 0 && result.get("loaded_rss_kib").asLong() > 0, out);
            awaitCount(0, server::connections);
        }
    }

    @Test
    void idleFloorStartsItsServersWithWarrensJvmDefaults() throws Exception {
        JsonNode defaults = printJavaOptions("-Xmx1g -XX:MaxDirectMemorySize=2g");
        List<String> options = new ArrayList<>();
        defaults.get("java_options").forEach(option -> options.add(option.asText()));
        for (String expected : List.of("-XX:+UseParallelGC", "-Xms16m", "-XX:MaxHeapFreeRatio=30",
                "-Dio.netty.leakDetection.level=disabled", "-Xmx1g", "-XX:MaxDirectMemorySize=2g")) {
            assertTrue(options.contains(expected), expected + " in " + options);
        }
        assertEquals(System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"), defaults.get("MALLOC_ARENA_MAX").asText(),
                "two arenas unless the environment says otherwise");

        JsonNode serial = printJavaOptions("-XX:+UseSerialGC");
        assertFalse(serial.get("java_options").toString().contains("UseParallelGC"), "a collector of the caller's replaces it");
        JsonNode notACollector = printJavaOptions("-XX:+UseNUMA -XX:+DisableExplicitGC");
        assertTrue(notACollector.get("java_options").toString().contains("UseParallelGC"),
                "options that merely start with -XX:+Use and end in GC are not a collector");
    }

    private static JsonNode printJavaOptions(String javaOpts) throws Exception {
        String out = PythonHelper.run("idle_floor.py", List.of("--print-java-options", "--java-opts=" + javaOpts));
        return JSON.readTree(out.lines().reduce((first, last) -> last).orElseThrow());
    }

    /** Neither end of stream nor reset within 50 ms: the server has not closed it. */
    private static void assertStillOpen(Socket client) throws Exception {
        client.setSoTimeout(50);
        assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read(), "no end of stream: still open");
    }

    private static void awaitCount(int expected, IntSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count.getAsInt() != expected && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(expected, count.getAsInt());
    }
}
