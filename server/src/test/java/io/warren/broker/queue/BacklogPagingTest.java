package io.warren.broker.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.warren.broker.durable.Persistence;
import io.warren.broker.message.Message;
import io.warren.codec.BasicProperties;
import io.warren.config.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging a queue's backlog out when memory runs short: the newest bodies go to disk, the first
 * {@link Paging#KEEP_IN_MEMORY} stay, a long backlog is paged in batches that let the queue's
 * thread serve other work in between, the queue reports what it paged, and every message comes
 * back intact and in order.
 */
class BacklogPagingTest {
    private static final int MESSAGES = 3 * ClassicQueue.PAGE_OUT_BATCH_MIN + Paging.KEEP_IN_MEMORY + 100;
    private static final int BODY = 100;

    @TempDir
    Path dir;
    private EventLoop loop;
    private Persistence persistence;
    private ClassicQueue queue;

    @BeforeEach
    void openQueue() throws Exception {
        loop = new DefaultEventLoop();
        persistence = Persistence.open(dir, new StoreOptions(16 << 20, Duration.ZERO, 0));
        queue = new ClassicQueue("backlog", "/", false, false, null, Map.of(), QueueSettings.DEFAULTS, loop,
                (exchange, keys, headers) -> List.of(), null, persistence, () -> {});
        for (int i = 0; i < MESSAGES; i++) queue.enqueue(message(i));
    }

    @AfterEach
    void close() throws Exception {
        Paging.active(false);
        queue.closeForShutdown().get(10, TimeUnit.SECONDS);
        persistence.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aBatchIsASixtyFourthOfTheBacklogWithinBounds() {
        assertEquals(ClassicQueue.PAGE_OUT_BATCH_MIN, ClassicQueue.pageOutBatch(1_000), "a short backlog: the smallest batch");
        assertEquals(2_000, ClassicQueue.pageOutBatch(128_000), "in between: a 64th");
        assertEquals(ClassicQueue.PAGE_OUT_BATCH_MAX, ClassicQueue.pageOutBatch(10_000_000), "a huge backlog: the largest batch");
    }

    @Test
    void aLongBacklogIsPagedNewestFirstInBatchesThatLetOtherWorkIn() throws Exception {
        assertEquals(0, status().pagedOut(), "nothing is paged while memory is plentiful");

        Paging.active(true);
        CountDownLatch hold = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(hold)); // the queue's thread waits until both tasks below are posted
        queue.pageOutBacklog();
        CompletableFuture<QueueStatus> afterFirstBatch = queue.status(); // behind the first batch, before the next
        hold.countDown();

        assertEquals(ClassicQueue.pageOutBatch(MESSAGES), afterFirstBatch.get(10, TimeUnit.SECONDS).pagedOut(),
                "other work runs between two batches");
        int expected = MESSAGES - Paging.KEEP_IN_MEMORY;
        QueueStatus paged = awaitPagedOut(expected);
        assertEquals((long) expected * BODY, paged.pagedOutBytes());
        assertEquals(MESSAGES, paged.messagesReady());

        for (int i = 0; i < MESSAGES; i++) {
            GetResult got = queue.get(true).get(10, TimeUnit.SECONDS);
            assertEquals(body(i), got.entry().message().body().toString(StandardCharsets.US_ASCII), "message " + i);
            got.entry().message().release();
        }
        QueueStatus drained = status();
        assertEquals(0, drained.messagesReady());
        assertEquals(0, drained.pagedOut());
        assertEquals(0, drained.pagedOutBytes());
    }

    @Test
    void theFirstMessagesStayInMemoryAndTheNewestArePagedFirst() throws Exception {
        Paging.active(true);
        queue.pageOutBacklog();
        awaitPagedOut(MESSAGES - Paging.KEEP_IN_MEMORY);
        Paging.active(false);

        queue.enqueue(message(MESSAGES)); // memory is plentiful again: a new message stays in memory
        QueueStatus status = status();
        assertEquals(MESSAGES + 1, status.messagesReady());
        assertEquals(MESSAGES - Paging.KEEP_IN_MEMORY, status.pagedOut());
        for (int i = 0; i <= MESSAGES; i++) {
            GetResult got = queue.get(true).get(10, TimeUnit.SECONDS);
            assertEquals(body(i), got.entry().message().body().toString(StandardCharsets.US_ASCII), "message " + i);
            got.entry().message().release();
        }
    }

    private QueueStatus awaitPagedOut(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        QueueStatus status = status();
        while (status.pagedOut() < expected && System.nanoTime() < deadline) status = status();
        assertEquals(expected, status.pagedOut(), "bodies paged out");
        return status;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private QueueStatus status() throws Exception {
        return queue.status().get(10, TimeUnit.SECONDS);
    }

    private static Message message(int i) {
        return new Message("", "backlog", BasicProperties.EMPTY, Unpooled.copiedBuffer(body(i), StandardCharsets.US_ASCII));
    }

    private static String body(int i) {
        String number = Integer.toString(i);
        return "0".repeat(BODY - number.length()) + number;
    }
}
