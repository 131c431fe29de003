package io.warren.management;

import static io.warren.management.ManagementBroker.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Publisher pacing as a user sees it: a queue whose consumer was working fast through its messages
 * and falls behind holds its publishers back, and the API shows their connections in RabbitMQ's
 * "flow" state; a publishing connection that also consumes is never held for pacing (its own acks
 * could be what the queue waits for); the channel that published shows "flow" too; the hold ends
 * although the consumer never catches up, and every message published arrives.
 */
class PublisherFlowTest {
    private static final int FAST_ACKS = 5_000;
    private static final int PREFETCH = 50;
    private static final int PER_PUBLISHER = 40_000;

    @Test
    void aPublisherOutrunningItsConsumerIsInFlowButOneThatAlsoConsumesIsNot() throws Exception {
        try (ManagementBroker node = oneEventLoop();
             Connection consuming = node.amqp().newConnection("consumer");
             Connection publisher = node.amqp().newConnection("publisher");
             Connection both = node.amqp().newConnection("publisher-and-consumer")) {
            Channel consumer = consuming.createChannel();
            consumer.queueDeclare("paced", false, false, false, null);
            consumer.basicQos(PREFETCH);
            AtomicInteger delivered = new AtomicInteger();
            consumer.basicConsume("paced", false, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                    // fast at first, then it falls behind for good: it keeps its next PREFETCH deliveries unacknowledged
                    if (delivered.incrementAndGet() <= FAST_ACKS) getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            });
            Channel ownConsumer = both.createChannel();
            ownConsumer.queueDeclare("own", false, false, false, null);
            ownConsumer.basicConsume("own", true, new DefaultConsumer(ownConsumer));

            Channel publishing = publisher.createChannel();
            publishInBackground(publishing, FAST_ACKS + PREFETCH).get(60, TimeUnit.SECONDS);
            eventually(() -> delivered.get() == FAST_ACKS + PREFETCH); // it kept up with these, and now holds the last 50

            CompletableFuture<Void> plain = publishInBackground(publishing, PER_PUBLISHER);
            CompletableFuture<Void> alsoConsumes = publishInBackground(both.createChannel(), PER_PUBLISHER);
            Map<String, Set<String>> statesSeen = new HashMap<>();
            Map<String, Set<String>> channelStatesSeen = new HashMap<>();
            var http = node.http();
            while (!(plain.isDone() && alsoConsumes.isDone())) {
                Map<String, String> userNames = new HashMap<>();
                for (Map<String, Object> c : http.get("/api/connections").list()) {
                    userNames.put((String) c.get("name"), (String) c.get("user_provided_name"));
                    statesSeen.computeIfAbsent((String) c.get("user_provided_name"), k -> new HashSet<>()).add((String) c.get("state"));
                }
                for (Map<String, Object> ch : http.get("/api/channels").list()) {
                    String connection = userNames.get((String) ((Map<?, ?>) ch.get("connection_details")).get("name"));
                    channelStatesSeen.computeIfAbsent(connection, k -> new HashSet<>()).add((String) ch.get("state"));
                }
                Thread.sleep(10); // a sampling interval, not a wait for a condition: holds last up to 1 s
            }
            plain.get(60, TimeUnit.SECONDS);
            alsoConsumes.get(60, TimeUnit.SECONDS);

            assertTrue(statesSeen.get("publisher").contains("flow"), "the plain publisher was held: " + statesSeen);
            assertTrue(channelStatesSeen.get("publisher").contains("flow"), "and so was its channel: " + channelStatesSeen);
            assertFalse(statesSeen.getOrDefault("publisher-and-consumer", Set.of()).contains("flow"),
                    "a connection that consumes is not held for pacing: " + statesSeen);
            eventually(() -> http.get("/api/connections").list().stream().allMatch(c -> "running".equals(c.get("state"))));
            eventually(() -> http.get("/api/channels").list().stream().allMatch(c -> "running".equals(c.get("state"))));
            int expectedReady = 2 * PER_PUBLISHER;
            eventually(() -> ((Number) http.get("/api/queues/%2F/paced").object().getOrDefault("messages_ready", -1)).intValue() == expectedReady);
            assertEquals(expectedReady, ((Number) http.get("/api/queues/%2F/paced").object().get("messages_ready")).intValue(),
                    "every message published is in the queue");
        }
    }

    /**
     * A node with one event loop (as on two cores), so that every queue is on the publishers' thread
     * and its inbox, whose high-water mark holds any publisher, never fills.
     */
    private static ManagementBroker oneEventLoop() throws Exception {
        String before = System.setProperty("warren.ioThreads", "1");
        try {
            return ManagementBroker.start();
        } finally {
            if (before == null) System.clearProperty("warren.ioThreads");
            else System.setProperty("warren.ioThreads", before);
        }
    }

    private static CompletableFuture<Void> publishInBackground(Channel channel, int messages) {
        return CompletableFuture.runAsync(() -> {
            try {
                byte[] body = new byte[16];
                for (int i = 0; i < messages; i++) channel.basicPublish("", "paced", null, body);
                channel.basicQos(0); // after the publishes: a round trip that returns once the broker read them all
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }
}
