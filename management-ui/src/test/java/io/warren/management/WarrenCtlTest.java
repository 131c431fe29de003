package io.warren.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import io.warren.management.cli.WarrenCtl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** warrenctl: rabbitmqctl's output (info line, tab-separated header and rows, -q, -s, --formatter json) and exit codes. */
class WarrenCtlTest {
    static ManagementBroker node;

    /** What one warrenctl run printed and returned. */
    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        node = ManagementBroker.start();
        try (Connection connection = node.amqp().newConnection()) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("ctl-a", true, false, false, null);
            channel.queueDeclare("ctl-b", false, false, false, Map.of("x-max-length", 10));
            channel.basicPublish("", "ctl-a", null, "1".getBytes());
            channel.basicPublish("", "ctl-a", null, "2".getBytes());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static Run ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("-n", "127.0.0.1:" + node.managementPort()));
        all.addAll(List.of(args));
        int exit = new WarrenCtl(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).run(all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listQueuesPrintsRabbitmqctlsTable() {
        Run run = ctl("list_queues", "name", "messages");
        assertEquals(0, run.exit(), run.err());
        assertEquals("Timeout: 60.0 seconds ...\nListing queues for vhost / ...\nname\tmessages\nctl-a\t2\nctl-b\t0\n", run.out());
        assertEquals(run.out(), ctl("list_queues").out(), "name and messages are the default columns");
    }

    @Test
    void quietSilentAndJsonOutput() {
        assertEquals("name\tmessages\nctl-a\t2\nctl-b\t0\n", ctl("-q", "list_queues", "name", "messages").out());
        assertEquals("ctl-a\t2\nctl-b\t0\n", ctl("-s", "list_queues", "name", "messages").out());
        assertEquals("ctl-a\t2\nctl-b\t0\n", ctl("list_queues", "--no-table-headers", "-q", "name", "messages").out());
        assertEquals("[\n{\"name\":\"ctl-a\",\"messages\":2}\n,{\"name\":\"ctl-b\",\"messages\":0}\n]\n",
                ctl("list_queues", "--formatter", "json", "name", "messages").out());
        assertEquals("name\tdurable\targuments\nctl-a\ttrue\t[]\nctl-b\tfalse\t[{\"x-max-length\",10}]\n",
                ctl("-q", "list_queues", "name", "durable", "arguments").out());
    }

    @Test
    void usageErrorsExit64() {
        Run bogusKey = ctl("list_queues", "bogus");
        assertEquals(64, bogusKey.exit());
        assertTrue(bogusKey.err().startsWith("Error (argument validation): Info key(s) bogus are not supported"), bogusKey.err());
        Run bogusCommand = ctl("bogus_cmd");
        assertEquals(64, bogusCommand.exit());
        assertTrue(bogusCommand.err().contains("Command 'bogus_cmd' not found."), bogusCommand.err());
        assertEquals(64, ctl("set_policy").exit());
        assertEquals(64, ctl("list_queues", "-p").exit());
        assertEquals(64, ctl("delete_queue", "nosuch").exit());
    }

    @Test
    void userCommandsAndTheirErrors() {
        assertEquals("Adding user \"tu\" ...\nDone. Don't forget to grant the user permissions to some virtual hosts! "
                + "See 'rabbitmqctl help set_permissions' to learn more.\n", ctl("add_user", "tu", "tp").out());
        Run exists = ctl("add_user", "tu", "x");
        assertEquals(70, exists.exit());
        assertEquals("Error:\nUser \"tu\" already exists\n", exists.err());
        assertEquals(0, ctl("set_user_tags", "tu", "monitoring", "management").exit());
        assertEquals("Setting tags for user \"tu\" to [monitoring, management] ...\n", ctl("set_user_tags", "tu", "monitoring", "management").out());
        assertEquals(0, ctl("change_password", "tu", "tp2").exit());
        assertEquals("Authenticating user \"tu\" ...\nSuccess\n", ctl("authenticate_user", "tu", "tp2").out());
        Run wrong = ctl("authenticate_user", "tu", "tp");
        assertEquals(65, wrong.exit());
        assertEquals("Error:\nError: failed to authenticate user \"tu\"\nuser 'tu' - invalid credentials\n", wrong.err());
        assertTrue(ctl("-q", "list_users").out().contains("tu\t[monitoring, management]\n"));
        Run noUser = ctl("delete_user", "nosuch");
        assertEquals(67, noUser.exit());
        assertEquals("Error:\nUser \"nosuch\" does not exist\n", noUser.err());
        assertEquals(0, ctl("delete_user", "tu").exit());
    }

    @Test
    void permissionsVhostsAndPolicies() {
        assertEquals("Adding vhost \"vt\" ...\n", ctl("add_vhost", "vt").out());
        ctl("add_user", "pu", "pp");
        assertEquals("Setting permissions for user \"pu\" in vhost \"vt\" ...\n", ctl("set_permissions", "-p", "vt", "pu", "^a", "^b", "^c").out());
        assertEquals("Listing permissions for vhost \"vt\" ...\nuser\tconfigure\twrite\tread\npu\t^a\t^b\t^c\n",
                ctl("list_permissions", "-p", "vt").out());
        assertEquals("vhost\tconfigure\twrite\tread\nvt\t^a\t^b\t^c\n", ctl("-q", "list_user_permissions", "pu").out());
        assertEquals(0, ctl("set_topic_permissions", "-p", "vt", "pu", "amq.topic", "^w", "^r").exit());
        assertEquals("user\texchange\twrite\tread\npu\tamq.topic\t^w\t^r\n", ctl("-q", "list_topic_permissions", "-p", "vt").out());
        assertEquals(0, ctl("clear_topic_permissions", "-p", "vt", "pu").exit());
        assertEquals(0, ctl("clear_permissions", "-p", "vt", "pu").exit());
        Run noVhost = ctl("set_permissions", "-p", "nosuch", "pu", ".*", ".*", ".*");
        assertEquals(69, noVhost.exit());
        assertEquals("Error:\nVirtual host nosuch does not exist\n", noVhost.err());
        assertEquals("Setting policy \"p3\" for pattern \"^z\" to \"{\"max-length\":3}\" with priority \"2\" for vhost \"/\" ...\n",
                ctl("set_policy", "p3", "^z", "{\"max-length\":3}", "--apply-to", "queues", "--priority", "2").out());
        assertEquals("vhost\tname\tpattern\tapply-to\tdefinition\tpriority\n/\tp3\t^z\tqueues\t{\"max-length\":3}\t2\n",
                ctl("-q", "list_policies").out());
        Run invalid = ctl("set_policy", "p4", "^z", "{\"bogus\":3}");
        assertEquals(65, invalid.exit());
        assertTrue(invalid.err().contains("Validation failed"), invalid.err());
        assertEquals(0, ctl("clear_policy", "p3").exit());
        Run gone = ctl("clear_policy", "p3");
        assertEquals(69, gone.exit());
        assertEquals("Error:\nParameter does not exist\n", gone.err());
        assertEquals("name\n/\nvt\n", ctl("-q", "list_vhosts").out());
        assertEquals(0, ctl("delete_vhost", "vt").exit());
        Run noSuchVhost = ctl("delete_vhost", "vt");
        assertEquals(65, noSuchVhost.exit());
        assertEquals("Error:\nVirtual host 'vt' does not exist\n", noSuchVhost.err());
    }

    @Test
    void queueCommands() throws Exception {
        try (Connection connection = node.amqp().newConnection()) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("ctl-purge", false, false, false, null);
            channel.queueDeclare("ctl-del", false, false, false, null);
            for (int i = 0; i < 2; i++) {
                channel.basicPublish("", "ctl-purge", null, "x".getBytes());
                channel.basicPublish("", "ctl-del", null, "x".getBytes());
            }
        }
        assertEquals("Purging queue 'ctl-purge' in vhost '/' ...\n", ctl("purge_queue", "ctl-purge").out());
        assertEquals(70, ctl("delete_queue", "--if-empty", "ctl-del").exit());
        assertEquals("Deleting queue 'ctl-del' on vhost '/' ...\nQueue was successfully deleted with 2 ready messages\n",
                ctl("delete_queue", "ctl-del").out());
        Run missing = ctl("purge_queue", "nosuch");
        assertEquals(69, missing.exit());
        assertEquals("Error:\nnot_found\n", missing.err());
        assertEquals(0, ctl("delete_queue", "ctl-purge").exit());
    }

    @Test
    void connectionsChannelsAndConsumers() throws Exception {
        Connection connection = node.amqp().newConnection();
        Channel channel = connection.createChannel();
        channel.basicQos(5);
        channel.basicConsume("ctl-b", false, "tag-1", new DefaultConsumer(channel));
        ManagementBroker.eventually(() -> ctl("-q", "list_consumers").out().contains("tag-1"));
        String connections = ctl("-q", "list_connections", "name", "user", "vhost", "state").out();
        assertTrue(connections.startsWith("name\tuser\tvhost\tstate\n127.0.0.1:"), connections);
        assertTrue(connections.endsWith("\tguest\t/\trunning\n"), connections);
        String channels = ctl("-q", "list_channels", "user", "consumer_count", "prefetch_count").out();
        assertEquals("user\tconsumer_count\tprefetch_count\nguest\t1\t5\n", channels);
        String consumers = ctl("-q", "list_consumers", "queue_name", "consumer_tag", "ack_required", "prefetch_count").out();
        assertEquals("queue_name\tconsumer_tag\tack_required\tprefetch_count\nctl-b\ttag-1\ttrue\t5\n", consumers);
        String name = connections.split("\n")[1].split("\t")[0];
        assertEquals("Closing connection " + name + ", reason: bye...\n", ctl("close_connection", name, "bye").out());
        ManagementBroker.eventually(() -> !connection.isOpen());
        node.amqp().newConnection();
        Run all = ctl("close_all_connections", "maintenance");
        assertEquals("Closing all connections in vhost /, reason: maintenance...\nClosed 1 connections\n", all.out());
    }

    @Test
    void definitionsExportAndImport() throws Exception {
        Path file = Files.createTempFile("defs", ".json");
        assertEquals("Exporting definitions in JSON to a file at \"" + file + "\" ...\n", ctl("export_definitions", file.toString()).out());
        assertTrue(Files.readString(file).contains("\"ctl-a\""));
        Path rabbit = Files.createTempFile("rabbit", ".json");
        Files.writeString(rabbit, DefinitionsApiTest.fixture());
        Run imported = ctl("import_definitions", rabbit.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(ctl("-q", "list_queues", "-p", "shop").out().contains("orders.eu\t0"));
    }

    @Test
    void nodeCommands() {
        Run status = ctl("status");
        assertEquals(0, status.exit());
        assertTrue(status.out().startsWith("Status of node " + node.broker().nodeName() + " ..."), status.out());
        assertTrue(status.out().contains("RabbitMQ version: 3.10.8"));
        assertTrue(status.out().contains("Interface: 127.0.0.1, port: " + node.broker().amqpAddresses().get(0).getPort()
                + ", protocol: amqp, purpose: AMQP 0-9-1 and AMQP 1.0"), status.out());
        assertTrue(ctl("ping").out().endsWith("Ping succeeded\n"));
        assertEquals(0, ctl("await_startup").exit());
        assertEquals(0, ctl("set_vm_memory_high_watermark", "0.6").exit());
        assertEquals(0, ctl("set_disk_free_limit", "1MB").exit());
        assertEquals(0, ctl("trace_on").exit());
        assertEquals("Listing vhosts ...\nname\ttracing\n/\ttrue\n", ctl("list_vhosts", "name", "tracing").out());
        assertEquals("Stopping tracing for vhost \"/\" ...\nTrace disabled for vhost /\n", ctl("trace_off").out());
    }

    @Test
    void stopAppAndStartAppRestartTheBrokerInsideTheProcess() throws Exception {
        try (ManagementBroker own = ManagementBroker.start()) {
            Connection connection = own.amqp().newConnection();
            Channel channel = connection.createChannel();
            channel.queueDeclare("kept", true, false, false, null);
            channel.confirmSelect();
            channel.basicPublish("", "kept", com.rabbitmq.client.MessageProperties.PERSISTENT_BASIC, "x".getBytes());
            channel.waitForConfirmsOrDie(5000);
            java.util.function.Function<String[], Run> ctl = args -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                List<String> all = new ArrayList<>(List.of("-n", "127.0.0.1:" + own.managementPort()));
                all.addAll(List.of(args));
                int exit = new WarrenCtl(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                        Map.of()).run(all.toArray(String[]::new));
                return new Run(exit, out.toString(StandardCharsets.UTF_8), "");
            };
            assertEquals("Stopping rabbit application on node 127.0.0.1:" + own.managementPort() + " ...\n",
                    ctl.apply(new String[] {"stop_app"}).out());
            ManagementBroker.eventually(() -> !connection.isOpen());
            assertEquals(69, ctl.apply(new String[] {"list_queues"}).exit(), "the API answers 503 while the app is stopped");
            assertTrue(ctl.apply(new String[] {"status"}).out().contains("Is the broker application running?: false"));
            assertEquals(0, ctl.apply(new String[] {"start_app"}).exit());
            assertEquals(0, ctl.apply(new String[] {"await_startup"}).exit());
            assertEquals("name\tmessages\nkept\t1\n", ctl.apply(new String[] {"-q", "list_queues"}).out(),
                    "durable state came back from disk");
            try (Connection again = own.amqp().newConnection()) {
                assertTrue(again.isOpen());
            }
        }
    }

    @Test
    void anUnreachableNodeExits69() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new WarrenCtl(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
                .run("-n", "127.0.0.1:1", "list_queues");
        assertEquals(69, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error:\nunable to perform an operation on node '127.0.0.1:1'"));
    }

    @Test
    void warrenctlRunsAsItsOwnProcess() throws Exception {
        Path script = Path.of("..", "bin", "warrenctl");
        assertTrue(Files.isExecutable(script), "bin/warrenctl exists and is executable");
        assertTrue(Files.readString(script).contains("io.warren.management.cli.WarrenCtl"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.warren.management.cli.WarrenCtl",
                "-n", "127.0.0.1:" + node.managementPort(), "-s", "list_vhosts").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("/\n"), output);
        Process bad = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.warren.management.cli.WarrenCtl",
                "-n", "127.0.0.1:" + node.managementPort(), "nosuch_command").redirectErrorStream(true).start();
        bad.getInputStream().readAllBytes();
        assertEquals(64, bad.waitFor());
    }
}
