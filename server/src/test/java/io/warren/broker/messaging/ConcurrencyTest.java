package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10 connections x 10 channels, each channel publishing (with confirms) into one of 20 shared queues while
 * consuming (with manual acks) from another: every queue has 5 publishers and 5 competing consumers on
 * different connections. No message may be lost, duplicated or redelivered, each publisher's messages
 * must reach every consumer in publish order, and once everything is acked the queues must be empty.
 */
class ConcurrencyTest extends MessagingTestSupport {
    private static final int CONNECTIONS = 10;
    private static final int CHANNELS_PER_CONNECTION = 10;
    private static final int QUEUES = 20;
    private static final int MESSAGES_PER_CHANNEL = 500;
    private static final int CONFIRM_WINDOW = 100;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void hundredChannelsPublishAndConsumeWithoutLossOrDuplication() throws Exception {
        List<String> queues = new ArrayList<>();
        for (int i = 0; i < QUEUES; i++) queues.add(declareQueue("shared" + i));
        int channels = CONNECTIONS * CHANNELS_PER_CONNECTION;
        int total = channels * MESSAGES_PER_CHANNEL;

        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch allReceived = new CountDownLatch(total);
        List<Connection> connections = new ArrayList<>();
        List<Channel> all = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            Connection conn = newConnection();
            connections.add(conn);
            for (int h = 0; h < CHANNELS_PER_CONNECTION; h++) {
                Channel ch = conn.createChannel();
                ch.basicQos(50);
                ch.confirmSelect();
                all.add(ch);
            }
        }
        for (int i = 0; i < channels; i++) {
            Channel ch = all.get(i);
            ch.basicConsume(queues.get((i + 7) % QUEUES), false, new DefaultConsumer(ch) {
                private final Map<Integer, Integer> lastSeqByPublisher = new ConcurrentHashMap<>();

                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                        throws java.io.IOException {
                    String id = text(body);
                    if (seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 1) problems.add("duplicate " + id);
                    if (envelope.isRedeliver()) problems.add("redelivered " + id);
                    String[] parts = id.split("-");
                    int publisher = Integer.parseInt(parts[0].substring(1));
                    int seq = Integer.parseInt(parts[1]);
                    Integer previous = lastSeqByPublisher.put(publisher, seq);
                    if (previous != null && previous >= seq) problems.add("out of order: " + id + " after seq " + previous);
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                    allReceived.countDown();
                }
            });
        }

        ExecutorService publishers = Executors.newFixedThreadPool(channels);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                int publisher = i;
                Channel ch = all.get(i);
                String queue = queues.get(i % QUEUES);
                done.add(publishers.submit(() -> {
                    for (int seq = 0; seq < MESSAGES_PER_CHANNEL; seq++) {
                        ch.basicPublish("", queue, null, bytes("p" + publisher + "-" + seq));
                        if ((seq + 1) % CONFIRM_WINDOW == 0) ch.waitForConfirmsOrDie(30_000);
                    }
                    ch.waitForConfirmsOrDie(30_000);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(45, TimeUnit.SECONDS);
        } finally {
            publishers.shutdownNow();
        }
        assertTrue(allReceived.await(30, TimeUnit.SECONDS),
                "received " + (total - allReceived.getCount()) + " of " + total + " messages");
        assertEquals(List.of(), List.copyOf(problems).subList(0, Math.min(20, problems.size())));
        assertEquals(total, seen.size());
        for (int p = 0; p < channels; p++) {
            for (int seq = 0; seq < MESSAGES_PER_CHANNEL; seq++) {
                AtomicInteger count = seen.get("p" + p + "-" + seq);
                assertEquals(1, count == null ? 0 : count.get(), "p" + p + "-" + seq);
            }
        }
        // every ack arrived: closing the consumers requeues nothing
        for (Connection conn : connections) conn.close();
        for (String q : queues) assertEquals(0, readyCount(q), q);
    }
}
