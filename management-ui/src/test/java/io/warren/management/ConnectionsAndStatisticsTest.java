package io.warren.management;

import static io.warren.management.ManagementBroker.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Connections, channels and consumers as the API lists them, closing a connection, and the message
 * statistics: counts and rates per node, vhost, queue, exchange and channel.
 */
class ConnectionsAndStatisticsTest {

    @Test
    @SuppressWarnings("unchecked")
    void connectionsChannelsAndConsumersAreListedAndAConnectionCanBeClosed() throws Exception {
        try (ManagementBroker node = ManagementBroker.start()) {
            Connection connection = node.amqp().newConnection("holder");
            Channel channel = connection.createChannel();
            channel.basicQos(7);
            channel.queueDeclare("holdq", false, false, false, null);
            channel.confirmSelect();
            channel.basicPublish("", "holdq", null, "m".getBytes());
            channel.waitForConfirmsOrDie(5000);
            channel.basicConsume("holdq", false, "ctag1", new DefaultConsumer(channel));
            var http = node.http();
            eventually(() -> http.get("/api/channels").list().stream().anyMatch(c -> Integer.valueOf(1).equals(c.get("messages_unacknowledged"))));

            Map<String, Object> listed = http.get("/api/connections").list().get(0);
            String name = (String) listed.get("name");
            assertTrue(name.matches("127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+"), name);
            assertEquals("guest", listed.get("user"));
            assertEquals("/", listed.get("vhost"));
            assertEquals(1, listed.get("channels"));
            assertEquals("PLAIN", listed.get("auth_mechanism"));
            assertEquals("AMQP 0-9-1", listed.get("protocol"));
            assertEquals("holder", listed.get("user_provided_name"));
            assertEquals("holder", ((Map<String, Object>) listed.get("client_properties")).get("connection_name"));

            Map<String, Object> ch = http.get("/api/channels").list().get(0);
            assertEquals(name + " (1)", ch.get("name"));
            assertEquals(true, ch.get("confirm"));
            assertEquals(7, ch.get("prefetch_count"));
            assertEquals(1, ch.get("consumer_count"));
            assertEquals(Map.of("name", name, "peer_host", "127.0.0.1", "peer_port", listed.get("peer_port")), ch.get("connection_details"));
            assertEquals(200, http.get("/api/channels/" + java.net.URLEncoder.encode(name + " (1)", "UTF-8").replace("+", "%20")).status());

            Map<String, Object> consumer = http.get("/api/consumers").list().get(0);
            assertEquals("ctag1", consumer.get("consumer_tag"));
            assertEquals(true, consumer.get("ack_required"));
            assertEquals(7, consumer.get("prefetch_count"));
            assertEquals(Map.of("name", "holdq", "vhost", "/"), consumer.get("queue"));
            assertEquals(1, ((List<?>) http.get("/api/queues/%2F/holdq").object().get("consumer_details")).size());

            CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
            connection.addShutdownListener(closed::complete);
            var reply = http.send("DELETE", "/api/connections/" + java.net.URLEncoder.encode(name, "UTF-8").replace("+", "%20"), null);
            assertEquals(204, reply.status());
            ShutdownSignalException signal = closed.get(10, TimeUnit.SECONDS);
            assertTrue(signal.getMessage().contains("CONNECTION_FORCED - Closed via management plugin"), signal.getMessage());
            eventually(() -> http.get("/api/connections").list().isEmpty());
            assertEquals(404, http.get("/api/connections/nosuch").status());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void messageStatisticsCountAndRateEveryStep() throws Exception {
        try (ManagementBroker node = ManagementBroker.start("collect_statistics_interval=600000")) { // samples on demand only
            var http = node.http();
            try (Connection publisher = node.amqp().newConnection(); Connection consumer = node.amqp().newConnection()) {
                Channel pub = publisher.createChannel();
                pub.exchangeDeclare("stats-x", "direct");
                pub.queueDeclare("stats-q", false, false, false, null);
                pub.queueBind("stats-q", "stats-x", "k");
                pub.confirmSelect();
                node.sample();
                for (int i = 0; i < 100; i++) pub.basicPublish("stats-x", "k", null, ("m" + i).getBytes());
                pub.basicPublish("stats-x", "nowhere", true, null, "lost".getBytes());
                pub.basicPublish("stats-x", "nowhere", false, null, "dropped".getBytes());
                pub.waitForConfirmsOrDie(5000);
                Channel sub = consumer.createChannel();
                AtomicInteger received = new AtomicInteger();
                sub.basicConsume("stats-q", false, new DefaultConsumer(sub) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body) throws java.io.IOException {
                        received.incrementAndGet();
                        sub.basicAck(envelope.getDeliveryTag(), false);
                    }
                });
                eventually(() -> received.get() == 100);
                eventually(() -> ((Map<String, Object>) http.get("/api/overview").object().get("message_stats")).get("ack").equals(100));
                Thread.sleep(200);
                node.sample();

                Map<String, Object> stats = (Map<String, Object>) http.get("/api/overview").object().get("message_stats");
                assertEquals(102, stats.get("publish"));
                assertEquals(102, stats.get("confirm"));
                assertEquals(100, stats.get("deliver"));
                assertEquals(100, stats.get("deliver_get"));
                assertEquals(100, stats.get("ack"));
                assertEquals(1, stats.get("return_unroutable"));
                assertEquals(1, stats.get("drop_unroutable"));
                assertTrue(((Number) ((Map<String, Object>) stats.get("publish_details")).get("rate")).doubleValue() > 0, stats.toString());

                Map<String, Object> queue = (Map<String, Object>) http.get("/api/queues/%2F/stats-q").object().get("message_stats");
                assertEquals(100, queue.get("publish"));
                assertEquals(100, queue.get("deliver"));
                assertEquals(100, queue.get("ack"));
                assertTrue(((Number) ((Map<String, Object>) queue.get("deliver_get_details")).get("rate")).doubleValue() > 0);

                Map<String, Object> exchange = (Map<String, Object>) http.get("/api/exchanges/%2F/stats-x").object().get("message_stats");
                assertEquals(102, exchange.get("publish_in"));
                assertEquals(100, exchange.get("publish_out"));

                Map<String, Object> vhost = (Map<String, Object>) http.get("/api/vhosts/%2F").object().get("message_stats");
                assertEquals(102, vhost.get("publish"));

                List<Map<String, Object>> channels = http.get("/api/channels").list();
                assertTrue(channels.stream().anyMatch(c -> Integer.valueOf(102).equals(((Map<String, Object>) c.get("message_stats")).get("publish"))));
                assertTrue(channels.stream().anyMatch(c -> Integer.valueOf(100).equals(((Map<String, Object>) c.get("message_stats")).get("ack"))));
            }
            node.sample();
            Map<String, Object> afterClose = (Map<String, Object>) http.get("/api/overview").object().get("message_stats");
            assertEquals(102, afterClose.get("publish"), "closed channels' counts stay in the totals");
            Map<String, Object> withSamples = (Map<String, Object>) http.get("/api/overview?msg_rates_age=60&msg_rates_incr=5")
                    .object().get("message_stats");
            assertTrue(!((List<?>) ((Map<String, Object>) withSamples.get("publish_details")).get("samples")).isEmpty());
        }
    }

    @Test
    void getAndGetEmptyAreCounted() throws Exception {
        try (ManagementBroker node = ManagementBroker.start(); Connection connection = node.amqp().newConnection()) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("get-q", false, false, false, null);
            channel.basicPublish("", "get-q", null, "x".getBytes());
            assertTrue(channel.basicGet("get-q", true) != null);
            assertEquals(null, channel.basicGet("get-q", true));
            @SuppressWarnings("unchecked")
            Map<String, Object> stats = (Map<String, Object>) node.http().get("/api/overview").object().get("message_stats");
            assertEquals(1, stats.get("get_no_ack"));
            assertEquals(1, stats.get("get_empty"));
        }
    }
}
