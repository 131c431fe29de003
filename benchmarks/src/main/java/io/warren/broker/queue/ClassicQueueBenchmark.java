package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.warren.broker.message.Message;
import io.warren.codec.BasicProperties;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Enqueue, deliver and acknowledge through a {@link ClassicQueue} without a network: transient
 * 512-byte messages (one shared body, a duplicate per message as a socket read gives), one consumer
 * with prefetch {@value #PREFETCH}, acks settled in batches of {@value #ACK_BATCH}. An operation is
 * one message; each invocation moves {@value #BATCH}.
 *
 * <ul>
 *   <li>{@code inline}: everything on the queue's own thread (publisher, queue and consumer in one
 *       event loop, as when they share a connection's loop): the cost of the queue's bookkeeping.</li>
 *   <li>{@code baselineInline}: the same messages through a bare {@link ArrayDeque} (offer, poll,
 *       release), the floor for {@code inline}.</li>
 *   <li>{@code crossThread}: the broker's real hand-offs: the benchmark thread publishes into the
 *       queue's MPSC inbox, the queue's loop delivers to a consumer loop, which acks back to the
 *       queue. Three threads: on a 2-core machine this measures scheduling as much as the queue.</li>
 * </ul>
 * The network (frame decode, encode, socket writes) is left out: those are FrameDecode/EncodeBenchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class ClassicQueueBenchmark {
    public static final int BATCH = 1000;
    public static final int PREFETCH = 100;
    public static final int ACK_BATCH = 50;
    public static final int BODY_SIZE = 512;

    private EventLoop queueLoop;
    private EventLoop consumerLoop;
    private ByteBuf body;
    private ClassicQueue inlineQueue;
    private ClassicQueue crossQueue;
    private final ArrayDeque<Message> deque = new ArrayDeque<>();
    final AtomicLong crossSettled = new AtomicLong();
    long inlineSettled;
    private AckingTarget inlineTarget;

    @Setup
    public void setUp() throws Exception {
        queueLoop = new DefaultEventLoop();
        consumerLoop = new DefaultEventLoop();
        body = Unpooled.directBuffer(BODY_SIZE).writeZero(BODY_SIZE);
        inlineQueue = newQueue("inline");
        inlineTarget = new AckingTarget(null) {
            @Override void settled(int n) { inlineSettled += n; }
        };
        inlineQueue.addConsumer(consumer(inlineTarget)).get(5, TimeUnit.SECONDS);
        crossQueue = newQueue("cross");
        crossQueue.addConsumer(consumer(new AckingTarget(consumerLoop) {
            @Override void settled(int n) { crossSettled.addAndGet(n); }
        })).get(5, TimeUnit.SECONDS);
    }

    private ClassicQueue newQueue(String name) {
        return new ClassicQueue(name, "/", false, false, null, Map.of(), QueueSettings.DEFAULTS, queueLoop,
                (exchange, keys, headers) -> List.of(), null, null, () -> { });
    }

    private static Consumer consumer(DeliveryTarget target) {
        return new Consumer("ctag", target, false, false, 0, PREFETCH, new ChannelCredit());
    }

    private Message message() {
        return new Message("", "q", BasicProperties.EMPTY, body.retainedDuplicate());
    }

    @TearDown
    public void tearDown() throws Exception {
        queueLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        consumerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        body.release();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long inline() throws Exception {
        return queueLoop.submit(() -> {
            for (int i = 0; i < BATCH; i++) {
                inlineQueue.enqueue(message());
                inlineTarget.ackIfDue(); // outside the queue's delivery loop, as a channel's ack would come
            }
            return inlineSettled;
        }).get();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long baselineInline() throws Exception {
        return queueLoop.submit(() -> {
            long n = 0;
            for (int i = 0; i < BATCH; i++) {
                deque.offer(message());
                Message m = deque.poll();
                m.release();
                n++;
            }
            return n;
        }).get();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long crossThread() {
        long target = crossSettled.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            while (!crossQueue.enqueue(message())) Thread.onSpinWait(); // inbox over its high-water mark
        }
        while (crossSettled.get() < target) LockSupport.parkNanos(10_000);
        return target;
    }

    long inlineSettled() {
        return inlineSettled;
    }

    /**
     * A consumer's channel reduced to its bookkeeping: counts each delivery and acks every
     * {@value #ACK_BATCH} (on {@code loop}, or inline when null), as a client with that ack batch does.
     */
    private abstract static class AckingTarget implements DeliveryTarget {
        private final EventLoop loop;
        private List<QueueEntry> pending = new ArrayList<>(ACK_BATCH);
        private Consumer consumer;
        private ClassicQueue queue;

        AckingTarget(EventLoop loop) {
            this.loop = loop;
        }

        abstract void settled(int n);

        @Override
        public void deliver(Consumer consumer, ClassicQueue queue, QueueEntry entry) {
            if (loop == null) {
                this.consumer = consumer;
                this.queue = queue;
                pending.add(entry);
            } else {
                loop.execute(() -> {
                    pending.add(entry);
                    ack(consumer, queue);
                });
            }
        }

        /** Inline mode: acks once {@value #ACK_BATCH} deliveries are pending. */
        void ackIfDue() {
            if (queue != null) ack(consumer, queue);
        }

        private void ack(Consumer consumer, ClassicQueue queue) {
            if (pending.size() < ACK_BATCH) return;
            List<QueueEntry> acked = pending;
            pending = new ArrayList<>(ACK_BATCH);
            boolean wake = false;
            for (int i = 0; i < acked.size(); i++) wake |= consumer.onSettled();
            queue.settle(acked);
            settled(acked.size());
            if (wake) queue.creditReturned();
        }

        @Override
        public boolean accepting() {
            return true;
        }

        @Override
        public void cancelledByQueue(Consumer consumer) {
        }
    }

    public static void main(String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = ClassicQueueBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
