package io.warren.broker.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.warren.broker.TestBroker;
import io.warren.codec.AmqpError;
import io.warren.codec.AmqpFrameDecoder;
import io.warren.codec.ChannelMethod;
import io.warren.codec.ContentBodyFrame;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.MethodFrame;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Hostile sessions against a live broker ({@link FuzzSessionGenerator}): random, truncated, oversize and
 * out-of-order frames, huge and deeply nested tables, slow-loris sockets that stall or say nothing, clients that
 * never read. After every batch a well-behaved client on its own long-lived connection must still publish and
 * get, a new connection must still open, the broker must have logged no error (no internal error, no buffer
 * leak with Netty's paranoid leak detector) and never answered 541 INTERNAL_ERROR.
 *
 * <p>CI runs {@value #DEFAULT_SESSIONS} sessions; more on demand: {@code -Dwarren.fuzz.sessions=100000}, and a
 * given run again with {@code -Dwarren.fuzz.seed=N} (each session's seed is the run's seed plus its index).
 */
class HostileInputFuzzTest {
    static final int DEFAULT_SESSIONS = 400;
    private static final int BATCH = 16;
    private static final int READ_IDLE_MS = 150;
    /** Every how many batches leaks are looked for ({@code -Dwarren.fuzz.leakCheckEvery=1} to find a leaking session). */
    private static final int LEAK_CHECK_EVERY = Integer.getInteger("warren.fuzz.leakCheckEvery", 25);

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> replyCodes = new ConcurrentHashMap<>();

    @Test
    void hostileSessionsDisturbNobodyElse() throws Exception {
        assumeFalse(TestBroker.external());
        int sessions = Integer.getInteger("warren.fuzz.sessions", DEFAULT_SESSIONS);
        long seed = Long.getLong("warren.fuzz.seed", System.nanoTime());
        System.out.println("fuzz: " + sessions + " sessions, seed " + seed);
        ResourceLeakDetector.Level previousLeakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ErrorCapture capture = new ErrorCapture();
        ExecutorService pool = Executors.newFixedThreadPool(BATCH);
        try (TestBroker broker = TestBroker.start("warren.login_failure_delay=0", "handshake_timeout=1000",
                "max_message_size=65536", "consumer_max_per_channel=16", "channel_max=64");
             Connection canary = broker.connectionFactory().newConnection("canary")) {
            Channel canaryChannel = canary.createChannel();
            canaryChannel.confirmSelect();
            String canaryQueue = canaryChannel.queueDeclare("fz-canary", false, false, false, null).getQueue();
            long started = System.nanoTime();
            for (int first = 0; first < sessions; first += BATCH) {
                List<Socket> held = new CopyOnWriteArrayList<>();
                List<Future<?>> running = new ArrayList<>();
                for (int i = first; i < Math.min(sessions, first + BATCH); i++) {
                    long sessionSeed = seed + i;
                    running.add(pool.submit(() -> runSession(broker.port(), sessionSeed, held)));
                }
                for (Future<?> f : running) f.get(30, TimeUnit.SECONDS);
                for (Socket socket : held) socket.close();
                checkCanary(canaryChannel, canaryQueue, first);
                if ((first / BATCH) % LEAK_CHECK_EVERY == LEAK_CHECK_EVERY - 1) forceLeakReports(); // a leak points at recent sessions
                try (Connection fresh = broker.connectionFactory().newConnection()) {
                    assertTrue(fresh.createChannel().isOpen(), "a new connection opens after batch " + first / BATCH);
                }
                assertEquals(List.of(), errors, "after sessions " + first + ".." + (first + BATCH - 1) + " of seed " + seed);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            awaitOnlyCanaryLeft(broker);
            forceLeakReports();
            assertEquals(List.of(), errors, "seed " + seed);
            assertEquals(null, replyCodes.get(541), "541 INTERNAL_ERROR answers");
            System.out.println("fuzz: " + sessions + " sessions in " + millis + " ms; replies by code: " + new TreeMap<>(replyCodes));
        } finally {
            pool.shutdownNow();
            capture.detach();
            ResourceLeakDetector.setLevel(previousLeakLevel);
        }
    }

    private void runSession(int port, long seed, List<Socket> held) {
        FuzzSessionGenerator.Session session = new FuzzSessionGenerator(seed).session();
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(READ_IDLE_MS);
            socket.setSoLinger(true, 0);
            switch (session.behaviour()) {
                case SILENT, STALLED_MID_FRAME -> {
                    send(socket.getOutputStream(), session);
                    held.add(socket); // closed after the batch; the handshake timeout may close it first
                    return;
                }
                case NEVER_READS -> {
                    send(socket.getOutputStream(), session);
                    held.add(socket);
                    return;
                }
                default -> {
                    send(socket.getOutputStream(), session);
                    readReplies(socket.getInputStream());
                    socket.close();
                }
            }
        } catch (java.io.IOException brokerClosedFirst) {
            // the broker may close a hostile socket while it is still writing: that is its right
        }
    }

    private static void send(OutputStream out, FuzzSessionGenerator.Session session) throws java.io.IOException {
        for (byte[] chunk : session.chunks()) {
            out.write(chunk);
            out.flush();
        }
    }

    /** Reads until the broker goes quiet or closes, and notes the codes of every close it sent. */
    private void readReplies(InputStream in) {
        EmbeddedChannel decoder = new EmbeddedChannel(new AmqpFrameDecoder(false, 0));
        byte[] buffer = new byte[16384];
        boolean first = true;
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException quiet) {
                    return;
                }
                if (n < 0) return;
                int offset = 0;
                if (first && n >= 8 && buffer[0] == 'A') offset = 8; // a protocol header: the broker refused ours
                first = false;
                decoder.writeInbound(Unpooled.wrappedBuffer(buffer, offset, n - offset).copy());
                Object frame;
                while ((frame = decoder.readInbound()) != null) {
                    if (frame instanceof MethodFrame m && m.method() instanceof ConnectionMethod.Close c) count(c.replyCode());
                    if (frame instanceof MethodFrame m && m.method() instanceof ChannelMethod.Close c) count(c.replyCode());
                    if (frame instanceof ContentBodyFrame body) body.payload().release();
                    if (frame instanceof AmqpError) return; // our own decoder could not follow: enough
                }
            }
        } catch (java.io.IOException reset) {
            // closed by the broker
        } finally {
            decoder.finish();
            Object left;
            while ((left = decoder.readInbound()) != null) {
                if (left instanceof ContentBodyFrame body) body.payload().release(); // records the channel cannot release
            }
            decoder.finishAndReleaseAll();
        }
    }

    private void count(int code) {
        replyCodes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
    }

    private static void checkCanary(Channel channel, String queue, int batch) throws Exception {
        byte[] body = ("canary " + batch).getBytes();
        channel.basicPublish("", queue, null, body);
        channel.waitForConfirmsOrDie(5_000);
        GetResponse response = channel.basicGet(queue, true);
        assertNotNull(response, "the canary's message after sessions from " + batch);
        assertArrayEquals(body, response.getBody());
    }

    private static void awaitOnlyCanaryLeft(TestBroker broker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (broker.broker().connections().size() > 1 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(1, broker.broker().connections().size(), "every hostile connection is gone, the canary stays");
    }

    /** Netty reports a leaked buffer when it notices it was collected; make it look. */
    private static void forceLeakReports() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            for (int j = 0; j < 100; j++) io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(16).release();
        }
    }

    /** Collects every ERROR logged, and Netty's LEAK reports. */
    private final class ErrorCapture extends AppenderBase<ILoggingEvent> {
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        ErrorCapture() {
            setContext(root.getLoggerContext());
            start();
            root.addAppender(this);
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getFormattedMessage().contains("LEAK")) {
                errors.add(event.getLoggerName() + ": " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getClassName()
                        + ": " + event.getThrowableProxy().getMessage()));
            }
        }

        void detach() {
            root.detachAppender(this);
            stop();
        }
    }
}
