package io.warren.broker.queue;

import io.netty.util.concurrent.EventExecutor;
import io.warren.broker.ProtocolException;
import io.warren.broker.message.Message;
import io.warren.codec.ReplyCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A classic FIFO queue: messages waiting (ready), messages out with consumers (unacknowledged),
 * and the consumers it delivers to.
 *
 * <p><b>Concurrency.</b> The queue is owned by one event-loop thread ({@link #executor}); every
 * field below is touched only there. Other threads talk to it by posting tasks to that executor
 * (Netty's lock-free multi-producer task queue is the queue's inbox), with {@link #run} running
 * inline when the caller already is the owner. Questions that need an answer (counts, get,
 * purge, delete, consume) return a {@link CompletableFuture} completed on the owner thread.
 *
 * <p><b>Order.</b> Entries carry an increasing sequence number. Deliveries always take the lowest
 * sequence available, so requeued entries (kept in a small heap, {@link #requeued}) come back at
 * their original position, ahead of everything that was never delivered ({@link #ready}).
 *
 * <p><b>Inbox.</b> Messages published from other threads go into a lock-free MPSC inbox; one drain
 * task per burst moves them into the queue (not one task per message). Every other task first
 * drains the inbox, so an operation a channel requests after publishing sees those publishes.
 *
 * <p><b>Back-pressure.</b> Messages waiting in the inbox are counted ({@link #inboxSize}).
 * Past {@link #INBOX_HIGH_WATER} a publisher stops reading its socket and waits
 * ({@link #whenInboxDrained}) until the queue has worked the inbox down to {@link #INBOX_LOW_WATER}:
 * a fast publisher cannot make the queue's inbox grow without bound.
 *
 * The same wait applies while the queue's consumers are saturated: it has consumers, none of them
 * can take more (their sockets or inboxes are backed up), and more than {@link #BACKLOG_HIGH_WATER}
 * messages are ready; publishers resume once delivery has brought that down to
 * {@link #BACKLOG_LOW_WATER}. Without this, a publisher faster than the delivery path grows the
 * backlog and starves the consumer (RabbitMQ's credit flow has the same effect). A queue without
 * consumers, or whose consumers are only out of prefetch credit, is never throttled.
 *
 * <p><b>Delivery.</b> After each change that can make progress (enqueue, new consumer, credit
 * returned, requeue) the queue hands out entries, round-robin among the consumers of the highest
 * priority that have credit, until it runs out of entries or of credit.
 */
public final class ClassicQueue {
    static final int INBOX_HIGH_WATER = 4096;
    static final int INBOX_LOW_WATER = 1024;
    static final int BACKLOG_HIGH_WATER = 16384;
    static final int BACKLOG_LOW_WATER = 4096;

    private final String name;
    private final String vhost;
    private final boolean durable;
    private final boolean autoDelete;
    private final Object exclusiveOwner;
    private final Map<String, Object> arguments;
    private final EventExecutor executor;
    private final Runnable onAutoDelete;

    private final ArrayDeque<QueueEntry> ready = new ArrayDeque<>();
    private final PriorityQueue<QueueEntry> requeued = new PriorityQueue<>(Comparator.comparingLong(e -> e.sequence));
    private final List<Consumer> consumers = new ArrayList<>();
    private long nextSequence;
    private int unacknowledged;
    private int roundRobin;
    private boolean hadConsumers;
    private volatile boolean deleted;
    private volatile boolean throttling;
    private final java.util.Queue<Message> inbox = io.netty.util.internal.PlatformDependent.newMpscQueue();
    private final AtomicInteger inboxSize = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean inboxDrainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable drainInboxTask = this::drainInbox;
    private final ConcurrentLinkedQueue<Runnable> inboxWaiters = new ConcurrentLinkedQueue<>();

    /**
     * @param exclusiveOwner the declaring connection of an exclusive queue, or null
     * @param onAutoDelete called (on the queue's thread) after an auto-delete queue deleted itself on losing its
     *                     last consumer, so that the virtual host forgets it
     */
    public ClassicQueue(String name, String vhost, boolean durable, boolean autoDelete, Object exclusiveOwner,
                        Map<String, Object> arguments, EventExecutor executor, Runnable onAutoDelete) {
        this.name = name;
        this.vhost = vhost;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.exclusiveOwner = exclusiveOwner;
        this.arguments = arguments;
        this.executor = executor;
        this.onAutoDelete = onAutoDelete;
    }

    public String name() { return name; }
    public String vhost() { return vhost; }
    public boolean durable() { return durable; }
    public boolean autoDelete() { return autoDelete; }
    public boolean exclusive() { return exclusiveOwner != null; }
    public Object exclusiveOwner() { return exclusiveOwner; }
    public Map<String, Object> arguments() { return arguments; }
    public boolean deleted() { return deleted; }

    // ---- calls from any thread -------------------------------------------------------------

    /**
     * Adds a message; the queue takes over one reference to its body. Returns false when the
     * queue's inbox is over its high-water mark: the caller should stop reading from its
     * publisher until {@link #whenInboxDrained} calls back.
     */
    public boolean enqueue(Message message) {
        if (executor.inEventLoop()) {
            drainInbox();
            append(message);
            return !throttling;
        }
        inbox.offer(message);
        int queued = inboxSize.incrementAndGet();
        if (inboxDrainScheduled.compareAndSet(false, true)) executor.execute(drainInboxTask);
        return queued < INBOX_HIGH_WATER && !throttling;
    }

    /** Moves every message posted from other threads into the queue, then delivers. Owner thread only. */
    private void drainInbox() {
        inboxDrainScheduled.set(false); // before polling: a message offered after this schedules a new drain
        Message message;
        int drained = 0;
        while ((message = inbox.poll()) != null) {
            append(message);
            drained++;
        }
        if (drained > 0) {
            int left = inboxSize.addAndGet(-drained);
            if (left <= INBOX_LOW_WATER && !throttling && !inboxWaiters.isEmpty()) wakeInboxWaiters();
        }
    }

    private void append(Message message) {
        if (deleted) {
            message.release();
            return;
        }
        ready.addLast(new QueueEntry(nextSequence++, message));
        if (!consumers.isEmpty()) deliverWhilePossible();
        if (!throttling && ready.size() > BACKLOG_HIGH_WATER && consumersSaturated()) throttling = true;
    }

    /** True when the queue has consumers and none of them can take deliveries now. */
    private boolean consumersSaturated() {
        if (consumers.isEmpty()) return false;
        for (Consumer consumer : consumers) if (consumer.target().accepting()) return false;
        return true;
    }

    /** Lifts the publisher throttle once the backlog is down, or the consumers are gone. Owner thread only. */
    private void releaseThrottleIfDrained() {
        if (throttling && (readyCount() <= BACKLOG_LOW_WATER || consumers.isEmpty() || deleted)) {
            throttling = false;
            if (inboxSize.get() <= INBOX_LOW_WATER) wakeInboxWaiters();
        }
    }

    /**
     * Runs {@code wake} (on the queue's thread, or at once) when publishers may go on: the inbox is
     * down to its low-water mark and the queue is not throttling them.
     */
    public void whenInboxDrained(Runnable wake) {
        inboxWaiters.add(wake);
        if (inboxSize.get() <= INBOX_LOW_WATER && !throttling) wakeInboxWaiters();
    }

    private void wakeInboxWaiters() {
        Runnable waiter;
        while ((waiter = inboxWaiters.poll()) != null) waiter.run();
    }

    /** Registers a consumer; fails with 403 when the queue or the new consumer is exclusive. */
    public CompletableFuture<Void> addConsumer(Consumer consumer) {
        return ask(() -> {
            if (consumer.exclusive() ? !consumers.isEmpty() : consumers.stream().anyMatch(Consumer::exclusive)) {
                throw ProtocolException.of(ReplyCode.ACCESS_REFUSED,
                        "queue '" + name + "' in vhost '" + vhost + "' in exclusive use", null);
            }
            int at = 0;
            while (at < consumers.size() && consumers.get(at).priority() >= consumer.priority()) at++;
            consumers.add(at, consumer);
            hadConsumers = true;
            deliverWhilePossible();
            return null;
        });
    }

    /** Removes a consumer; an auto-delete queue goes with its last one. */
    public void removeConsumer(Consumer consumer) {
        run(() -> {
            if (!consumers.remove(consumer) || deleted) return;
            releaseThrottleIfDrained();
            if (consumers.isEmpty() && autoDelete && hadConsumers) {
                deleteNow();
                onAutoDelete.run();
            }
        });
    }

    /** Credit came back to one of this queue's consumers: look for deliveries again. */
    public void creditReturned() {
        run(this::deliverWhilePossible);
    }

    /** Acknowledged (or rejected without requeue) entries leave the queue for good. */
    public void settle(List<QueueEntry> entries) {
        run(() -> {
            for (QueueEntry entry : entries) {
                entry.message.release();
                unacknowledged--;
            }
        });
    }

    /** Entries go back to their original positions, marked redelivered. */
    public void requeue(List<QueueEntry> entries) {
        run(() -> {
            for (QueueEntry entry : entries) {
                unacknowledged--;
                if (deleted) {
                    entry.message.release();
                    continue;
                }
                entry.redelivered = true;
                requeued.add(entry);
            }
            deliverWhilePossible();
        });
    }

    /**
     * Puts back an entry that was handed to a consumer's channel but never reached the client
     * (the consumer was cancelled or the channel closed meanwhile); not marked redelivered.
     *
     * @param counted whether the entry counted as unacknowledged (not for no-ack consumers)
     */
    public void returnUndelivered(QueueEntry entry, boolean counted) {
        run(() -> {
            if (counted) unacknowledged--;
            if (deleted) {
                entry.message.release();
                return;
            }
            requeued.add(entry);
            deliverWhilePossible();
        });
    }

    /** basic.get: takes the next entry; with noAck it leaves the queue at once. */
    public CompletableFuture<GetResult> get(boolean noAck) {
        return ask(() -> {
            QueueEntry entry = pollNext();
            if (entry != null && !noAck) unacknowledged++;
            return new GetResult(entry, readyCount());
        });
    }

    public CompletableFuture<QueueCounts> counts() {
        return ask(() -> new QueueCounts(readyCount(), unacknowledged, consumers.size()));
    }

    /** Drops every ready message; returns how many. */
    public CompletableFuture<Integer> purge() {
        return ask(this::purgeReady);
    }

    /**
     * Deletes the queue unless {@code ifUnused}/{@code ifEmpty} forbid it (406); cancels its
     * consumers and returns how many ready messages it held.
     */
    public CompletableFuture<Integer> delete(boolean ifUnused, boolean ifEmpty) {
        return ask(() -> {
            if (ifUnused && !consumers.isEmpty()) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "queue '" + name + "' in vhost '" + vhost + "' in use", null);
            }
            if (ifEmpty && readyCount() > 0) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "queue '" + name + "' in vhost '" + vhost + "' not empty", null);
            }
            return deleteNow();
        });
    }

    /** Deletes the queue unconditionally (owner connection gone, auto-delete). Owner thread only. */
    int deleteNow() {
        deleted = true;
        List<Consumer> cancelled = new ArrayList<>(consumers);
        consumers.clear();
        cancelled.forEach(c -> c.target().cancelledByQueue(c));
        return purgeReady();
    }

    /** Runs on the owner thread: inline when already there. */
    public void run(Runnable task) {
        if (executor.inEventLoop()) {
            drainInbox();
            task.run();
        } else {
            executor.execute(() -> {
                drainInbox();
                task.run();
            });
        }
    }

    public EventExecutor executor() {
        return executor;
    }

    // ---- owner thread only -----------------------------------------------------------------

    private <T> CompletableFuture<T> ask(Supplier<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        run(() -> {
            try {
                answer.complete(question.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private void deliverWhilePossible() {
        while (!consumers.isEmpty() && (!requeued.isEmpty() || !ready.isEmpty())) {
            Consumer consumer = nextConsumerWithCredit();
            if (consumer == null) break;
            QueueEntry entry = pollNext();
            consumer.onDelivered();
            if (!consumer.noAck()) unacknowledged++;
            consumer.target().deliver(consumer, this, entry);
        }
        releaseThrottleIfDrained();
    }

    /** The highest-priority consumer with credit, taking turns among equals. */
    private Consumer nextConsumerWithCredit() {
        int n = consumers.size();
        Consumer chosen = null;
        int chosenIndex = -1;
        for (int i = 0; i < n; i++) {
            int index = (roundRobin + i) % n;
            Consumer candidate = consumers.get(index);
            if (candidate.hasCredit() && (chosen == null || candidate.priority() > chosen.priority())) {
                chosen = candidate;
                chosenIndex = index;
            }
        }
        if (chosen != null) roundRobin = chosenIndex + 1;
        return chosen;
    }

    private QueueEntry pollNext() {
        return !requeued.isEmpty() ? requeued.poll() : ready.pollFirst();
    }

    private int readyCount() {
        return ready.size() + requeued.size();
    }

    private int purgeReady() {
        int count = readyCount();
        QueueEntry entry;
        while ((entry = pollNext()) != null) entry.message.release();
        releaseThrottleIfDrained();
        return count;
    }
}
