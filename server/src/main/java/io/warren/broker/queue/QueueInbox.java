package io.warren.broker.queue;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A queue's inbox for messages published from other threads, and the back-pressure it puts on
 * their publishers.
 *
 * <p><b>Concurrency.</b> Publishers {@link #post} into a lock-free MPSC queue; the first post of a
 * burst schedules one drain task on the queue's thread, which moves everything posted so far
 * ({@link #drain}). The drain flag is cleared before polling, so a message posted after it was
 * cleared schedules a new drain: nothing is left behind.
 *
 * <p><b>Back-pressure.</b> Past {@link #HIGH_WATER} waiting messages a publisher is told to stop
 * reading its socket; {@link #whenDrained} calls it back once the queue has worked the inbox down
 * to {@link #LOW_WATER}. The queue can also throttle publishers while its consumers are saturated
 * ({@link #throttle}); they resume when it lets go ({@link #releaseThrottle}) unless the inbox is full.
 */
final class QueueInbox {
    static final int HIGH_WATER = 4096;
    static final int LOW_WATER = 1024;

    private final Queue<Object> items = PlatformDependent.newMpscQueue();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private final EventExecutor executor;
    private final Runnable drainTask;
    private volatile boolean throttling;

    /** @param drainTask runs {@link #drain} on the queue's thread */
    QueueInbox(EventExecutor executor, Runnable drainTask) {
        this.executor = executor;
        this.drainTask = drainTask;
    }

    /** Any thread: posts an item; returns whether its publisher may go on reading. */
    boolean post(Object item) {
        items.offer(item);
        int queued = size.incrementAndGet();
        if (drainScheduled.compareAndSet(false, true)) executor.execute(drainTask);
        return queued < HIGH_WATER && !throttling;
    }

    /** Queue thread: hands every posted item to {@code sink}, in order. */
    void drain(Consumer<Object> sink) {
        drainScheduled.set(false); // before polling: an item posted after this schedules a new drain
        Object item;
        int drained = 0;
        while ((item = items.poll()) != null) {
            sink.accept(item);
            drained++;
        }
        if (drained > 0) {
            int left = size.addAndGet(-drained);
            if (left <= LOW_WATER && !throttling && !waiters.isEmpty()) wakeWaiters();
        }
    }

    /** Whether the inbox is past its high-water mark. Any thread. */
    boolean full() {
        return size.get() >= HIGH_WATER;
    }

    boolean throttling() {
        return throttling;
    }

    /** Queue thread: publishers should wait (the queue's consumers are saturated). */
    void throttle() {
        throttling = true;
    }

    /**
     * Queue thread: publishers may go on. They do at once unless the inbox is full: a publisher held
     * by the throttle must not wait on into the next hold just because the inbox was above its
     * low-water mark at this moment (those still over its high-water mark wait for a drain).
     */
    void releaseThrottle() {
        if (!throttling) return;
        throttling = false;
        if (!full()) wakeWaiters();
    }

    /** Runs {@code wake} (on the queue's thread, or at once) when publishers may go on. Any thread. */
    void whenDrained(Runnable wake) {
        waiters.add(wake);
        if (size.get() <= LOW_WATER && !throttling) wakeWaiters();
    }

    private void wakeWaiters() {
        Runnable waiter;
        while ((waiter = waiters.poll()) != null) waiter.run();
    }
}
