package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.TestBroker;
import io.warren.broker.resources.ResourceMonitor;
import io.warren.config.Threshold;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Memory and disk alarms block publishing connections (connection.blocked) until they clear; consumers go on. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResourceAlarmTest extends MessagingTestSupport {
    private ResourceMonitor resources;

    @Override
    protected String[] brokerSettings() {
        return new String[] {"vm_memory_high_watermark_paging_ratio=50"}; // no paging: memory must really fill up
    }

    @BeforeEach
    void warrenOnly() {
        assumeFalse(TestBroker.external(), "sets the alarm thresholds of the in-process broker");
        resources = broker.broker().resources();
    }

    private static final class Blocking implements BlockedListener {
        final CompletableFuture<String> blocked = new CompletableFuture<>();
        final CompletableFuture<Void> unblocked = new CompletableFuture<>();

        @Override
        public void handleBlocked(String reason) {
            blocked.complete(reason);
        }

        @Override
        public void handleUnblocked() {
            unblocked.complete(null);
        }
    }

    @Test
    void aPublisherIsBlockedPastTheMemoryWatermarkAndResumesAfterConsumersDrain() throws Exception {
        String q = declareQueue("filling");
        resources.check();
        long margin = 96L << 20;
        resources.memoryWatermark(new Threshold.Absolute(resources.memoryUsed() + margin));
        Connection publisherConnection = newConnection();
        Blocking blocking = new Blocking();
        publisherConnection.addBlockedListener(blocking);
        Channel publisher = publisherConnection.createChannel();
        byte[] body = new byte[1 << 20];
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger published = new AtomicInteger();
        Thread publishing = new Thread(() -> {
            try {
                while (!stop.get() && published.get() < 1000) {
                    publisher.basicPublish("", q, null, body);
                    published.incrementAndGet();
                }
            } catch (Exception ignored) {
                // the connection closes at the end of the test
            }
        });
        publishing.start();
        assertEquals("low on memory", blocking.blocked.get(30, TimeUnit.SECONDS));
        assertTrue(resources.memoryAlarm());
        stop.set(true);
        int queued = readyCount(q);
        assertTrue(queued > 0, "messages were queued before the alarm");
        // a consumer on another connection still gets everything; the alarm clears as memory is freed
        Channel consumer = connection.createChannel();
        AtomicInteger consumed = new AtomicInteger();
        consumer.basicConsume(q, true, new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] received) {
                consumed.incrementAndGet(); // the body is dropped at once: the test's own heap must not fill up
            }
        });
        eventually("the queue is drained", () -> readyCount(q) == 0 && consumed.get() >= queued);
        eventually("the alarm clears", () -> {
            System.gc(); // the test shares the broker's heap: let the monitor see the consumer's garbage gone
            return blocking.unblocked.isDone();
        });
        publishing.join(10_000);
        resources.memoryWatermark(new Threshold.Relative(0.4));
        Channel confirming = publisherConnection.createChannel();
        confirming.confirmSelect();
        confirming.basicPublish("", q, null, bytes("after"));
        confirming.waitForConfirmsOrDie(TIMEOUT.toMillis());
    }

    @Test
    void aPublisherIsBlockedWhileFreeDiskIsUnderTheLimit() throws Exception {
        String q = declareQueue("disk");
        Connection publisherConnection = newConnection();
        Blocking blocking = new Blocking();
        publisherConnection.addBlockedListener(blocking);
        Channel publisher = publisherConnection.createChannel();
        publisher.confirmSelect();
        publisher.basicPublish("", q, null, bytes("before"));
        publisher.waitForConfirmsOrDie(TIMEOUT.toMillis());
        resources.diskFreeLimit(new Threshold.Absolute(Long.MAX_VALUE));
        resources.check();
        assertEquals("low on disk", blocking.blocked.get(10, TimeUnit.SECONDS));
        assertTrue(resources.diskAlarm());
        // consumers are not blocked
        assertEquals("before", text(channel.basicGet(q, true)));
        resources.diskFreeLimit(new Threshold.Absolute(0));
        resources.check();
        blocking.unblocked.get(10, TimeUnit.SECONDS);
        publisher.basicPublish("", q, null, bytes("after"));
        publisher.waitForConfirmsOrDie(TIMEOUT.toMillis());
        assertEquals(1, readyCount(q));
    }
}
