package io.warren.broker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many small messages fill the Java heap long before heap and direct memory together reach the
 * memory watermark (each queued message keeps a record on the heap, its 16-byte body elsewhere).
 * The memory alarm must block the publisher before the heap runs out: the broker stays up, every
 * confirmed message is still queued, and consuming them clears the alarm. Before the heap guard in
 * {@code ResourceMonitor} this broker died with an OutOfMemoryError.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HeapAlarmTest {
    private static final int MAX_MESSAGES = 5_000_000; // far more than a 64 MiB heap holds

    @TempDir
    Path temp;

    @Test
    void smallMessagesRaiseTheMemoryAlarmBeforeTheHeapRunsOut() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        try (BrokerProcess broker = new BrokerProcess(dataDir, List.of("-Xmx64m", "-XX:MaxDirectMemorySize=512m"), List.of()).start();
             Connection publishing = broker.connectionFactory().newConnection();
             Connection consuming = broker.connectionFactory().newConnection()) {
            CompletableFuture<String> blocked = new CompletableFuture<>();
            CountDownLatch unblocked = new CountDownLatch(1);
            publishing.addBlockedListener(new BlockedListener() {
                @Override
                public void handleBlocked(String reason) {
                    blocked.complete(reason);
                }

                @Override
                public void handleUnblocked() {
                    unblocked.countDown();
                }
            });
            Channel publisher = publishing.createChannel();
            publisher.queueDeclare("small", false, false, false, null);
            AtomicLong confirmed = new AtomicLong();
            publisher.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long tag, boolean multiple) {
                    confirmed.accumulateAndGet(tag, Math::max);
                }

                @Override
                public void handleNack(long tag, boolean multiple) {
                    throw new AssertionError("nack for " + tag);
                }
            });
            publisher.confirmSelect();
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> publishes = CompletableFuture.runAsync(() -> {
                try {
                    byte[] body = new byte[16];
                    for (int i = 0; i < MAX_MESSAGES && !stop.get(); i++) publisher.basicPublish("", "small", null, body);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });

            try {
                assertEquals("low on memory", blocked.get(2, TimeUnit.MINUTES), "connection.blocked's reason");
                assertTrue(broker.alive(), "the broker is up");
                Channel consumer = consuming.createChannel();
                long queued = consumer.queueDeclarePassive("small").getMessageCount();
                assertTrue(queued >= confirmed.get() && queued > 0, queued + " queued, " + confirmed.get() + " confirmed");

                AtomicLong consumed = new AtomicLong();
                consumer.basicConsume("small", true, new DefaultConsumer(consumer) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                        consumed.incrementAndGet();
                    }
                });
                assertTrue(unblocked.await(5, TimeUnit.MINUTES), "consuming frees the heap and clears the alarm");
                stop.set(true);
                publishes.get(5, TimeUnit.MINUTES);
                publisher.waitForConfirmsOrDie(TimeUnit.MINUTES.toMillis(5));
            } catch (Exception | AssertionError e) {
                throw new AssertionError("failed; the broker's log ends with:\n" + broker.logTail(40), e);
            }
            assertTrue(broker.alive(), "the broker survived");
            assertFalse(broker.logTail(Integer.MAX_VALUE).contains("OutOfMemoryError"), "no OutOfMemoryError: " + broker.logTail(40));
        }
    }
}
