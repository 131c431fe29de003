package io.warren.broker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability contract under {@code kill -9}: a broker in its own process takes persistent
 * messages with publisher confirms from several connections, is killed at a random moment, and
 * restarted; every confirmed message must be back exactly once, in each publisher's order, and
 * nothing may come back twice. {@code -Dwarren.crash.rounds=20} runs the nightly-sized variant.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CrashRecoveryTest {
    private static final int ROUNDS = Integer.getInteger("warren.crash.rounds", 3);
    private static final int PUBLISHERS = 3;
    private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

    @TempDir
    Path temp;

    /** What one publisher sent: body by sequence number, and which were confirmed. */
    private static final class Publisher {
        final int id;
        final ConcurrentNavigableMap<Long, String> outstanding = new ConcurrentSkipListMap<>();
        final Set<String> confirmed = ConcurrentHashMap.newKeySet();

        Publisher(int id) {
            this.id = id;
        }

        void confirm(long tag, boolean multiple) {
            Map<Long, String> settled = multiple ? outstanding.headMap(tag, true) : outstanding.subMap(tag, true, tag, true);
            confirmed.addAll(settled.values());
            settled.clear();
        }
    }

    @Test
    void everyConfirmedMessageSurvivesKillMinusNineExactlyOnce() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        Random random = new Random(Long.getLong("warren.crash.seed", System.nanoTime()));
        List<String> report = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            List<Publisher> publishers = new ArrayList<>();
            long runMillis = 200 + random.nextInt(1500);
            try (BrokerProcess broker = new BrokerProcess(dataDir, List.of("-Xmx256m"), List.of()).start()) {
                try (Connection setup = broker.connectionFactory().newConnection()) {
                    setup.createChannel().queueDeclare("crash", true, false, false, null);
                }
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    Publisher publisher = new Publisher(p);
                    publishers.add(publisher);
                    int r = round;
                    Thread thread = new Thread(() -> publish(broker, publisher, r, stop));
                    threads.add(thread);
                    thread.start();
                }
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMillis);
                while (System.nanoTime() < killAt) Thread.onSpinWait();
                broker.kill();
                stop.set(true);
                for (Thread thread : threads) thread.join(30_000);
            }
            int confirmed = publishers.stream().mapToInt(p -> p.confirmed.size()).sum();
            try (BrokerProcess broker = new BrokerProcess(dataDir, List.of("-Xmx256m"), List.of()).start();
                 Connection connection = broker.connectionFactory().newConnection()) {
                Channel channel = connection.createChannel();
                List<String> recovered = new ArrayList<>();
                for (GetResponse r; (r = channel.basicGet("crash", true)) != null; ) {
                    recovered.add(new String(r.getBody(), StandardCharsets.UTF_8));
                }
                check(round, publishers, recovered);
                report.add("round " + round + ": killed after " + runMillis + " ms, " + confirmed + " confirmed, "
                        + recovered.size() + " recovered");
            }
        }
        report.forEach(System.out::println);
    }

    private static void publish(BrokerProcess broker, Publisher publisher, int round, AtomicBoolean stop) {
        try {
            Connection connection = broker.connectionFactory().newConnection();
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            channel.addConfirmListener(publisher::confirm, (tag, multiple) -> {
                Map<Long, String> settled = multiple ? publisher.outstanding.headMap(tag, true)
                        : publisher.outstanding.subMap(tag, true, tag, true);
                settled.clear(); // nacked: not confirmed, may or may not come back
            });
            for (long n = 0; !stop.get(); n++) {
                String body = "r" + round + "-p" + publisher.id + "-" + n;
                publisher.outstanding.put(channel.getNextPublishSeqNo(), body);
                channel.basicPublish("", "crash", PERSISTENT, body.getBytes(StandardCharsets.UTF_8));
                if (n % 100 == 99) Thread.yield();
            }
        } catch (Exception expected) {
            // the broker was killed under us
        }
    }

    private static void check(int round, List<Publisher> publishers, List<String> recovered) {
        Set<String> seen = new HashSet<>();
        Map<String, Long> lastByPublisher = new HashMap<>();
        for (String body : recovered) {
            if (!seen.add(body)) fail("round " + round + ": " + body + " came back twice");
            String[] parts = body.split("-");
            long n = Long.parseLong(parts[2]);
            Long last = lastByPublisher.put(parts[0] + "-" + parts[1], n);
            if (last != null && last >= n) fail("round " + round + ": " + body + " came back out of order after " + last);
        }
        for (Publisher publisher : publishers) {
            for (String body : publisher.confirmed) {
                assertTrue(seen.contains(body), "round " + round + ": confirmed message " + body + " is lost");
            }
        }
        assertEquals(seen.size(), recovered.size());
    }

    @Test
    void delayedMessagesSurviveKillMinusNineAndAreRoutedOnce() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("delayed"));
        int messages = 200;
        try (BrokerProcess broker = new BrokerProcess(dataDir, List.of("-Xmx256m"), List.of()).start()) {
            Connection connection = broker.connectionFactory().newConnection();
            Channel channel = connection.createChannel();
            channel.exchangeDeclare("later", "x-delayed-message", true, false, Map.of("x-delayed-type", "fanout"));
            channel.queueDeclare("due", true, false, false, null);
            channel.queueBind("due", "later", "");
            channel.confirmSelect();
            for (int i = 0; i < messages; i++) {
                // half are due at once (routed before the kill), half after it
                int delay = i % 2 == 0 ? 1 : 3000;
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .headers(Map.of("x-delay", delay)).build();
                channel.basicPublish("later", "", props, ("d" + i).getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (channel.queueDeclarePassive("due").getMessageCount() < messages / 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            broker.kill();
            connection.abort();
        }
        try (BrokerProcess broker = new BrokerProcess(dataDir, List.of("-Xmx256m"), List.of()).start();
             Connection connection = broker.connectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (channel.queueDeclarePassive("due").getMessageCount() < messages && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            List<String> recovered = new ArrayList<>();
            for (GetResponse r; (r = channel.basicGet("due", true)) != null; ) {
                recovered.add(new String(r.getBody(), StandardCharsets.UTF_8));
            }
            assertEquals(messages, recovered.size(), "every delayed message routed exactly once: " + recovered);
            assertEquals(messages, new HashSet<>(recovered).size());
        }
    }
}
