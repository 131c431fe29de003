package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ's own rabbitmqadmin (the Python CLI the management plugin serves, version 3.10.8,
 * vendored under src/test/resources with its MPL 2.0 header) against Warren: list, declare,
 * publish, get, export and import. Skipped, saying so, without a python3.
 */
class RabbitmqadminTest {
    static ManagementBroker node;
    static Path script;
    static String python;

    @BeforeAll
    static void start() throws Exception {
        python = findPython();
        assumeTrue(python != null, "skipped: rabbitmqadmin needs python3, which is not on this machine");
        node = ManagementBroker.start();
        script = Files.createTempFile("rabbitmqadmin", ".py");
        try (InputStream in = RabbitmqadminTest.class.getResourceAsStream("/rabbitmqadmin")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) node.close();
        if (script != null) Files.deleteIfExists(script);
    }

    static String admin(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "-H", "127.0.0.1", "-P",
                String.valueOf(node.managementPort()), "-u", "guest", "-p", "guest"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", args) + ":\n" + output);
        return output;
    }

    @Test
    void theEverydayCommandsWork() throws Exception {
        assertEquals("queue declared\n", admin("declare", "queue", "name=q", "durable=true"));
        assertEquals("Message published\n", admin("publish", "routing_key=q", "payload=x"));
        String listed = admin("list", "queues");
        assertTrue(java.util.regex.Pattern.compile("\\| q +\\| 1 +\\|").matcher(listed).find(), listed);
        String got = admin("get", "queue=q");
        assertTrue(got.contains("| q           |          | 0             | x       | 1             | string           |"), got);
        String tsv = admin("-f", "tsv", "list", "queues", "name", "durable");
        assertTrue(tsv.contains("q\tTrue"), tsv);
        assertTrue(admin("show", "overview").contains("3.10.8"));
        assertTrue(admin("list", "exchanges").contains("amq.topic"));
        assertTrue(admin("list", "users").contains("administrator"));
    }

    @Test
    void definitionsExportAndImport() throws Exception {
        Path exported = Files.createTempFile("exported", ".json");
        String output = admin("export", exported.toString());
        assertTrue(output.startsWith("Exported definitions for"), output);
        assertTrue(Files.readString(exported).contains("\"rabbitmq_version\":\"3.10.8\""));
        Path rabbit = Files.createTempFile("rabbit", ".json");
        Files.writeString(rabbit, DefinitionsApiTest.fixture());
        assertTrue(admin("import", rabbit.toString()).startsWith("Uploaded definitions"));
        assertTrue(admin("-V", "shop", "list", "queues", "name").contains("orders.eu"));
        Files.delete(exported);
        Files.delete(rabbit);
    }

    private static String findPython() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process process = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor() == 0) return candidate;
            } catch (IOException | InterruptedException ignored) {
                // try the next one
            }
        }
        return null;
    }
}
