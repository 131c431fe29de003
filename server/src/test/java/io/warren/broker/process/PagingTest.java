package io.warren.broker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging: a broker with a 96 MiB heap (and as much direct memory) takes queues holding several
 * times that, transient and persistent, and drains them, without running out of memory: past the
 * paging threshold message bodies leave memory for disk and come back when delivered.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PagingTest {
    private static final int BODY = 64 * 1024;
    private static final int MESSAGES = 6 * 1024; // 384 MiB per queue, four times the heap

    @TempDir
    Path temp;

    @Test
    void queuesMuchLargerThanTheHeapFillAndDrain() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        try (BrokerProcess broker = new BrokerProcess(dataDir, List.of("-Xmx96m", "-XX:MaxDirectMemorySize=96m"),
                List.of("vm_memory_high_watermark.relative=0.6")).start();
             Connection connection = broker.connectionFactory().newConnection()) {
            try {
                Channel channel = connection.createChannel();
                channel.queueDeclare("paged-transient", false, false, false, null);
                channel.queueDeclare("paged-durable", true, false, false, null);
                fill(channel, "paged-transient", null);
                fill(channel, "paged-durable", new AMQP.BasicProperties.Builder().deliveryMode(2).build());
                assertEquals(MESSAGES, channel.queueDeclarePassive("paged-transient").getMessageCount());
                assertEquals(MESSAGES, channel.queueDeclarePassive("paged-durable").getMessageCount());
                drain(channel, "paged-transient");
                drain(channel, "paged-durable");
            } catch (Exception | AssertionError e) {
                throw new AssertionError("failed; the broker's log ends with:\n" + broker.logTail(40), e);
            }
            assertTrue(broker.alive(), "the broker survived");
            assertFalse(broker.logTail(Integer.MAX_VALUE).contains("OutOfMemoryError"), "no OutOfMemoryError: " + broker.logTail(40));
        }
    }

    private static void fill(Channel channel, String queue, AMQP.BasicProperties properties) throws Exception {
        channel.confirmSelect();
        byte[] body = new byte[BODY];
        for (int i = 0; i < MESSAGES; i++) {
            ByteBuffer.wrap(body).putInt(i);
            channel.basicPublish("", queue, properties, body);
            if (i % 64 == 63) channel.waitForConfirmsOrDie(120_000);
        }
        channel.waitForConfirmsOrDie(120_000);
    }

    private static void drain(Channel channel, String queue) throws Exception {
        for (int i = 0; i < MESSAGES; i++) {
            GetResponse response = channel.basicGet(queue, true);
            assertEquals(BODY, response.getBody().length);
            assertEquals(i, ByteBuffer.wrap(response.getBody()).getInt(), "messages come back in order");
        }
        assertEquals(null, channel.basicGet(queue, true));
    }
}
