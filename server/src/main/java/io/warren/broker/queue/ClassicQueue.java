package io.warren.broker.queue;

import io.warren.broker.stats.QueueStats;
import io.netty.util.concurrent.EventExecutor;
import io.warren.broker.ProtocolException;
import io.warren.broker.durable.Persistence;
import io.warren.broker.durable.QueueJournal;
import io.warren.broker.message.Message;
import io.warren.codec.ReplyCode;
import io.warren.store.MsgId;
import io.warren.store.RecoveredEntry;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * <p><b>Order.</b> Entries carry an increasing sequence number. Deliveries take the highest
 * priority first ({@code x-max-priority}), and within a priority the lowest sequence, so requeued
 * entries come back at their original position ({@link ReadyEntries}).
 *
 * <p><b>Features.</b> Message TTL and expiry ({@link Expiries}), dead-lettering
 * ({@link DeadLetters}), length limits with their overflow modes ({@link LengthGate} for the
 * rejecting ones), queue expiry ({@link IdleExpiry}) and single active consumer. Their settings
 * come from the declare arguments and the queue's policy ({@link QueueSettings}) and can change
 * while the queue runs ({@link #applySettings}).
 *
 * <p><b>Inbox.</b> Messages published from other threads go into a lock-free MPSC inbox
 * ({@link QueueInbox}); one drain task per burst moves them into the queue (not one task per
 * message). Every other task first drains the inbox, so an operation a channel requests after
 * publishing sees those publishes.
 *
 * <p><b>Back-pressure.</b> Past {@link QueueInbox#HIGH_WATER} waiting messages a publisher stops
 * reading its socket and waits ({@link #whenInboxDrained}) until the queue has worked the inbox
 * down to {@link QueueInbox#LOW_WATER}: a fast publisher cannot make the inbox grow without bound.
 *
 * The same wait applies while the queue holds a backlog its consumers cannot take (their sockets are
 * backed up) or are working through fast ({@link PublisherThrottle}): a publisher faster than the
 * delivery path must not grow the backlog and starve the consumers (RabbitMQ's credit flow has the
 * same effect). A queue without consumers, or with slow ones, never holds its publishers.
 *
 * <p><b>Delivery.</b> After each change that can make progress (enqueue, new consumer, credit
 * returned, requeue) the queue hands out entries, round-robin among the consumers of the highest
 * priority that have credit, until it runs out of entries or of credit.
 */
public final class ClassicQueue {
    private static final Logger log = LoggerFactory.getLogger(ClassicQueue.class);

    private final String name;
    private final String vhost;
    private final boolean durable;
    private final boolean autoDelete;
    private final Object exclusiveOwner;
    private final Map<String, Object> arguments;
    private final EventExecutor executor;
    private final Runnable onDeleted;
    private final QueueJournal journal;
    private final Persistence persistence;
    private volatile QueueSettings settings;
    private final QueueStats stats = new QueueStats();

    private final ReadyEntries ready;
    private final Expiries expiries;
    private final IdleExpiry idleExpiry;
    private final LengthGate gate = new LengthGate();
    private final DeadLetters deadLetters;
    private final EntryStorage storage;
    private final QueueConsumers consumers = new QueueConsumers();
    private final PublisherThrottle throttle = new PublisherThrottle();
    /** The timer that ends the current pacing hold by time, if one runs. Owner thread only. */
    private ScheduledFuture<?> pauseTimer;
    private long nextSequence;
    private int readyCount;
    private long readyBytes;
    /** Ready entries whose bodies are paged out (on disk), and their bytes. */
    private int pagedOut;
    private long pagedOutBytes;
    private int unacknowledged;
    private boolean hadConsumers;
    private volatile boolean deleted;
    /** Messages posted from other threads: {@link Message}s, or {@link Journaled} ones of a durable queue. */
    private final QueueInbox inbox;

    /** A persistent message for a durable queue, with its journal position. */
    private record Journaled(Message message, long position) {}

    /**
     * @param exclusiveOwner the declaring connection of an exclusive queue, or null
     * @param settings       the queue's settings from its arguments and policy
     * @param journal        where a durable queue records its persistent messages, or null
     * @param persistence    the node's storage (for paging), or null
     * @param onDeleted      called (on the queue's thread) after the queue deleted itself (auto-delete on losing
     *                       its last consumer, or x-expires), so that the virtual host forgets it
     */
    public ClassicQueue(String name, String vhost, boolean durable, boolean autoDelete, Object exclusiveOwner,
                        Map<String, Object> arguments, QueueSettings settings, EventExecutor executor,
                        DeadLetterRoute deadLetterRoute, QueueJournal journal, Persistence persistence, Runnable onDeleted) {
        this.name = name;
        this.vhost = vhost;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.exclusiveOwner = exclusiveOwner;
        this.arguments = arguments;
        this.settings = settings;
        this.executor = executor;
        this.inbox = new QueueInbox(executor, this::drainInbox);
        this.onDeleted = onDeleted;
        this.journal = journal;
        this.persistence = persistence;
        this.ready = ReadyEntries.forPriorities(settings.maxPriority());
        this.expiries = new Expiries(executor, this::expireDue);
        this.idleExpiry = new IdleExpiry(executor, this::expireIdleQueue);
        this.deadLetters = new DeadLetters(name, deadLetterRoute, new QueueDelivery(persistence, true));
        this.storage = new EntryStorage(name, vhost, journal, persistence);
        run(() -> configure(settings));
    }

    public String name() { return name; }
    public String vhost() { return vhost; }
    public boolean durable() { return durable; }
    public boolean autoDelete() { return autoDelete; }
    public boolean exclusive() { return exclusiveOwner != null; }
    public Object exclusiveOwner() { return exclusiveOwner; }
    public Map<String, Object> arguments() { return arguments; }
    public boolean deleted() { return deleted; }
    public QueueSettings settings() { return settings; }
    /** The journal of a durable queue, or null. */
    public QueueJournal journal() { return journal; }
    /** Messages enqueued, delivered, fetched and acknowledged (management API). */
    public QueueStats stats() { return stats; }

    // ---- calls from any thread -------------------------------------------------------------

    /**
     * Adds a message; the queue takes over one reference to its body. Returns false when the
     * queue's inbox is over its high-water mark: the caller should stop reading from its
     * publisher until {@link #whenInboxDrained} calls back. A queue that rejects publishes when
     * full must have {@link #admit admitted} the message first.
     */
    public boolean enqueue(Message message) {
        if (executor.inEventLoop()) {
            drainInbox();
            append(message, -1);
            return !inbox.throttling();
        }
        return inbox.post(message);
    }

    /** As {@link #enqueue}, for a persistent message already in this durable queue's journal at {@code position}. */
    public boolean enqueueStored(Message message, long position) {
        if (executor.inEventLoop()) {
            drainInbox();
            append(message, position);
            return !inbox.throttling();
        }
        return inbox.post(new Journaled(message, position));
    }

    /**
     * Whether the queue takes one more message: always, unless it is full and its overflow mode
     * rejects publishes. An admitted message must then be {@linkplain #enqueue enqueued}; a refused
     * one handed to {@link #refuse}.
     */
    public boolean admit(Message message) {
        return gate.tryAdmit(message.bodySize());
    }

    /** Takes a message the queue did not {@link #admit}: dead-lettered with reason maxlen under reject-publish-dlx, else dropped. */
    public void refuse(Message message) {
        if (settings.overflow() == Overflow.REJECT_PUBLISH_DLX) {
            run(() -> deadLetters.publish(message, "maxlen", settings));
        } else {
            message.release();
        }
    }

    /** As {@link #enqueueStored} (or {@link #enqueue} for position -1), but never inline: for dead letters, which must not re-enter a queue. */
    void enqueueDeferred(Message message, long position) {
        inbox.post(position >= 0 ? new Journaled(message, position) : message);
    }

    /** New settings (a policy changed): applied at once, a lower length limit trims the queue now. Completes once applied. */
    public CompletableFuture<Void> applySettings(QueueSettings newSettings) {
        return ask(() -> {
            configure(newSettings);
            return null;
        });
    }

    /** A redeclare counts as use for {@code x-expires}. */
    public void touch() {
        run(idleExpiry::used);
    }

    /** Moves every message posted from other threads into the queue, then delivers. Owner thread only. */
    private void drainInbox() {
        inbox.drain(this::appendPosted);
    }

    private void appendPosted(Object posted) {
        if (posted instanceof Message message) append(message, -1);
        else if (posted instanceof Journaled journaled) append(journaled.message(), journaled.position());
    }

    private void append(Message message, long journalPosition) {
        if (deleted) {
            message.release();
            if (journalPosition >= 0) journal.ended(journalPosition, message.storeId());
            return;
        }
        QueueSettings current = settings;
        long now = System.currentTimeMillis();
        long expiresAt = current.expiresAt(message, now);
        QueueEntry entry = new QueueEntry(nextSequence++, message, current.priorityOf(message), expiresAt);
        if (journalPosition >= 0) {
            entry.journalPosition = journalPosition;
            entry.storeId = message.storeId();
        }
        stats.enqueued();
        makeReady(entry);
        boolean inOrder = ready.add(entry);
        if (!inOrder) expiries.trackOutOfOrder(entry);
        else if (expiresAt != QueueEntry.NEVER) expiries.scheduleAt(expiresAt);
        if (!consumers.isEmpty()) deliverWhilePossible(now); // judged at its arrival: TTL 0 reaches a waiting consumer
        if (entry.ready && expiresAt != QueueEntry.NEVER && entry.expiredAt(System.currentTimeMillis())) {
            expireDue(); // TTL 0: delivered at once to a waiting consumer, or expired
        }
        if (current.hasLengthLimit() && current.overflow() == Overflow.DROP_HEAD) dropHeadWhileOverLimit(current);
        if (entry.ready && Paging.shouldPage(readyCount, readyBytes, journalPosition >= 0)) pageOut(entry);
        PublisherThrottle.Hold hold = throttle.onEnqueue(readyCount, consumers, now);
        if (hold != PublisherThrottle.Hold.NONE) holdPublishers(hold);
    }

    /** Publishers wait; a pacing hold ends after {@link PublisherThrottle#MAX_PAUSE_MILLIS} at the latest. */
    private void holdPublishers(PublisherThrottle.Hold hold) {
        inbox.throttle();
        if (hold != PublisherThrottle.Hold.PACING) return;
        int number = throttle.currentHold();
        pauseTimer = executor.schedule(() -> run(() -> endPauseByTime(number)),
                PublisherThrottle.MAX_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void endPauseByTime(int holdNumber) {
        if (!throttle.onPauseOver(holdNumber)) return;
        pauseTimer = null;
        inbox.releaseThrottle();
    }

    /** Lifts the publisher throttle once the backlog is down, or the consumers are gone. Owner thread only. */
    private void releaseThrottleIfDrained() {
        if (!throttle.onDrained(readyCount, consumers.isEmpty(), deleted)) return;
        inbox.releaseThrottle();
        if (pauseTimer != null) { // a pacing hold that ended early: its timer has nothing left to do
            pauseTimer.cancel(false);
            pauseTimer = null;
        }
    }

    /**
     * Whether publishers are asked to wait only to pace them to the consumers (not for a full inbox or
     * saturated consumers). A connection that also consumes is not held for that: its own
     * acknowledgements may be what the consumers wait for. Any thread.
     */
    public boolean holdsOnlyForPacing() {
        return throttle.hold() == PublisherThrottle.Hold.PACING && !inbox.full();
    }

    /**
     * Runs {@code wake} (on the queue's thread, or at once) when publishers may go on: the inbox is
     * down to its low-water mark and the queue is not throttling them.
     */
    public void whenInboxDrained(Runnable wake) {
        inbox.whenDrained(wake);
    }

    /** Registers a consumer; fails with 403 when the queue or the new consumer is exclusive. */
    public CompletableFuture<Void> addConsumer(Consumer consumer) {
        return ask(() -> {
            consumers.add(consumer, settings.singleActiveConsumer(), name, vhost);
            hadConsumers = true;
            idleExpiry.update(settings.expires(), true);
            deliverWhilePossible();
            return null;
        });
    }

    /** Removes a consumer; an auto-delete queue goes with its last one; with single active consumer the next takes over. */
    public void removeConsumer(Consumer consumer) {
        run(() -> {
            if (!consumers.remove(consumer) || deleted) return;
            releaseThrottleIfDrained();
            if (consumers.isEmpty() && autoDelete && hadConsumers) {
                deleteNow();
                onDeleted.run();
                return;
            }
            if (consumers.isEmpty()) {
                idleExpiry.used();
                idleExpiry.update(settings.expires(), false);
            } else {
                deliverWhilePossible();
            }
        });
    }

    /** Credit came back to one of this queue's consumers: look for deliveries again. */
    public void creditReturned() {
        run(this::deliverWhilePossible);
    }

    /** Acknowledged entries leave the queue for good. */
    public void settle(List<QueueEntry> entries) {
        run(() -> {
            for (QueueEntry entry : entries) {
                unacknowledged--;
                end(entry);
            }
            stats.acked(entries.size());
        });
    }

    /** Entries rejected or nacked without requeue leave the queue, dead-lettered with reason rejected. */
    public void discard(List<QueueEntry> entries) {
        run(() -> {
            for (QueueEntry entry : entries) {
                unacknowledged--;
                deadLetter(entry, "rejected", settings);
            }
        });
    }

    /** Entries go back to their original positions, marked redelivered. */
    public void requeue(List<QueueEntry> entries) {
        run(() -> {
            for (QueueEntry entry : entries) {
                unacknowledged--;
                entry.redelivered = true;
                putBack(entry);
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
            putBack(entry);
            deliverWhilePossible();
        });
    }

    /** basic.get: takes the next entry; with noAck it leaves the queue at once. */
    public CompletableFuture<GetResult> get(boolean noAck) {
        return ask(() -> {
            idleExpiry.used();
            expireDue();
            QueueEntry entry = takeReady();
            if (entry != null) {
                handedOut(entry);
                stats.got(noAck, entry.redelivered);
                if (noAck) endStorage(entry);
                else unacknowledged++;
            }
            return new GetResult(entry, readyCount);
        });
    }

    /** Counts, body bytes and consumers for the management API and metrics. */
    public CompletableFuture<QueueStatus> status() {
        return ask(() -> {
            expireDue();
            return new QueueStatus(readyCount, unacknowledged, consumers.size(), readyBytes,
                    settings.singleActiveConsumer() && !consumers.isEmpty() ? consumers.first().tag() : null,
                    pagedOut, pagedOutBytes);
        });
    }

    public CompletableFuture<QueueCounts> counts() {
        return ask(() -> {
            expireDue();
            return new QueueCounts(readyCount, unacknowledged, consumers.size());
        });
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
            if (ifEmpty && readyCount > 0) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "queue '" + name + "' in vhost '" + vhost + "' not empty", null);
            }
            return deleteNow();
        });
    }

    /** Deletes the queue unconditionally (owner connection gone, auto-delete). Owner thread only. */
    int deleteNow() {
        deleted = true;
        consumers.removeAll().forEach(c -> c.target().cancelledByQueue(c));
        idleExpiry.cancel();
        int purged = purgeReady();
        expiries.clear();
        if (journal != null) journal.delete();
        return purged;
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

    private void configure(QueueSettings newSettings) {
        settings = newSettings;
        gate.configure(newSettings, readyCount, readyBytes);
        idleExpiry.update(newSettings.expires(), !consumers.isEmpty());
        if (newSettings.hasLengthLimit() && newSettings.overflow() == Overflow.DROP_HEAD) dropHeadWhileOverLimit(newSettings);
    }

    private void deliverWhilePossible() {
        deliverWhilePossible(0);
    }

    /** As {@link #deliverWhilePossible()}, judging expiry at time {@code now} (0: the clock's time when first needed). */
    private void deliverWhilePossible(long now) {
        while (!consumers.isEmpty() && readyCount > 0) {
            Consumer consumer = consumers.nextWithCredit(settings.singleActiveConsumer());
            if (consumer == null) break;
            QueueEntry entry = takeReady(now);
            if (entry == null) break;
            handedOut(entry);
            stats.delivered(consumer.noAck(), entry.redelivered);
            if (!entry.redelivered) throttle.deliveredFirstTime();
            consumer.onDelivered();
            if (!consumer.noAck()) unacknowledged++;
            else endStorage(entry);
            consumer.target().deliver(consumer, this, entry);
        }
        releaseThrottleIfDrained();
    }

    /** The next entry for a consumer or basic.get, its body in memory, expiring on the way any that are past their time. */
    private QueueEntry takeReady() {
        return takeReady(0);
    }

    /** As {@link #takeReady()}, judging expiry at time {@code now} (0: the clock's time when first needed). */
    private QueueEntry takeReady(long now) {
        QueueEntry entry;
        while ((entry = ready.poll()) != null) {
            leaveReady(entry);
            if (entry.expiresAt != QueueEntry.NEVER) {
                if (now == 0) now = System.currentTimeMillis();
                if (entry.expiresAt < now) {
                    deadLetter(entry, "expired", settings);
                    continue;
                }
            }
            if (entry.message == null && !pageIn(entry)) {
                endStorage(entry);
                continue;
            }
            return entry;
        }
        return null;
    }

    /** An entry goes to a consumer or basic.get: its first delivery is journaled. */
    private void handedOut(QueueEntry entry) {
        storage.delivered(entry);
    }

    /** Expires every ready entry that is due, then sets the timer for the next. */
    private void expireDue() {
        long now = System.currentTimeMillis();
        QueueEntry entry;
        while ((entry = ready.pollExpiredHead(now)) != null) expire(entry);
        while ((entry = expiries.pollExpired(now)) != null) expire(entry); // stays in its structure, skipped later
        long next = Math.min(ready.headExpiry(), expiries.earliest());
        if (next != QueueEntry.NEVER) expiries.scheduleAt(next);
    }

    private void expire(QueueEntry entry) {
        leaveReady(entry);
        deadLetter(entry, "expired", settings);
    }

    /** The entry leaves the queue for {@code reason}: dead-lettered if the queue has a dead-letter exchange. */
    private void deadLetter(QueueEntry entry, String reason, QueueSettings current) {
        if (current.deadLetterExchange() == null || (entry.message == null && !pageIn(entry))) {
            end(entry);
            return;
        }
        Message message = entry.message;
        entry.message = null;
        deadLetters.publish(message, reason, current); // takes over the body's reference
        endStorage(entry);
    }

    /** The entry leaves the queue for good: its body, journal entry and stored copy go. */
    private void end(QueueEntry entry) {
        if (entry.message != null) {
            entry.message.release();
            entry.message = null;
        }
        endStorage(entry);
    }

    /** The entry's journal entry and stored copies go (its body in memory, if any, is someone else's now). */
    private void endStorage(QueueEntry entry) {
        storage.ended(entry);
    }

    /** Moves a ready entry's body out of memory (see {@link EntryStorage#pageOut}). */
    private void pageOut(QueueEntry entry) {
        if (entry.message == null) return;
        storage.pageOut(entry);
        if (entry.message == null) countPagedOut(entry, 1);
    }

    private boolean pageIn(QueueEntry entry) {
        return storage.pageIn(entry);
    }

    /**
     * Pages out every ready entry past the first {@link Paging#KEEP_IN_MEMORY} (or bytes) (memory is
     * short), newest first. Any thread. A long backlog is paged in batches, one task each, so the
     * queue's thread, and the connections it serves, are never held for long: paging out 600,000
     * bodies at once held an event loop for six seconds.
     *
     * <p>A batch is 1/64 of the ready entries, at least {@link #PAGE_OUT_BATCH_MIN} and at most
     * {@link #PAGE_OUT_BATCH_MAX}. Small batches matter when many queues page at once: each
     * re-posts itself behind the loop's other tasks, deliveries among them, so those wait for one
     * batch of every paging queue on the loop. With 25 queues paging 2,048 bodies a batch the
     * deliveries waited long enough to stall consumers for 4-9 s (scenario 5 of the benchmarks); at
     * 256 they do not. The fraction bounds the other cost: each batch walks again past the entries
     * already paged (a null check each), which keeps the walk free of a cursor that enqueues and
     * deliveries in between would invalidate: about 64 walks of the backlog in all, more past
     * 262,144 entries where the batch stops growing (about 150 for 600,000, half as many as with the
     * former fixed 2,048).
     */
    public void pageOutBacklog() {
        run(this::pageOutSomeBacklog);
    }

    static final int PAGE_OUT_BATCH_MIN = 256;
    static final int PAGE_OUT_BATCH_MAX = 4096;

    /** The bodies one task pages out of a queue with {@code readyCount} ready entries. */
    static int pageOutBatch(int readyCount) {
        return Math.max(PAGE_OUT_BATCH_MIN, Math.min(PAGE_OUT_BATCH_MAX, readyCount / 64));
    }

    private void pageOutSomeBacklog() {
        if (deleted || !Paging.shouldPage(readyCount, readyBytes)) return;
        int[] left = {pageOutBatch(readyCount)};
        long[] position = {readyCount, readyBytes}; // of the entry visited: its place from the head, bytes up to it
        ready.visitNewestFirst(entry -> {
            if (position[0] <= Paging.KEEP_IN_MEMORY && position[1] <= Paging.KEEP_IN_MEMORY_BYTES) return false;
            position[0]--;
            position[1] -= entry.bodySize;
            if (entry.message == null) return true;
            pageOut(entry);
            return --left[0] > 0;
        });
        if (left[0] == 0) executor.execute(() -> run(this::pageOutSomeBacklog));
    }

    /**
     * Rebuilds a durable queue from its journal at start-up (before any client can use it). Every
     * recovered entry starts paged out: only its position record is in memory until it is delivered.
     * Returns how many messages were recovered; {@code seen} is told each recovered message's id.
     */
    public CompletableFuture<Integer> recover(Iterator<RecoveredEntry> recovered, java.util.function.Consumer<MsgId> seen) {
        return ask(() -> {
            int count = 0;
            while (recovered.hasNext()) {
                QueueEntry entry = storage.recover(recovered.next(), nextSequence, settings, seen);
                if (entry == null) continue;
                nextSequence++;
                makeReady(entry);
                if (!ready.add(entry)) expiries.trackOutOfOrder(entry);
                else if (entry.expiresAt != QueueEntry.NEVER) expiries.scheduleAt(entry.expiresAt);
                count++;
            }
            return count;
        });
    }

    /**
     * Lets go of everything in memory at node shutdown, leaving the journal as it is so the queue
     * comes back at the next start. Consumers are not told (their connections are already closed).
     */
    public CompletableFuture<Void> closeForShutdown() {
        return ask(() -> {
            deleted = true;
            consumers.removeAll();
            idleExpiry.cancel();
            expiries.clear();
            ready.clear(storage::releaseForShutdown);
            return null;
        });
    }

    private void dropHeadWhileOverLimit(QueueSettings current) {
        long maxLength = current.maxLength() == QueueSettings.NONE ? Long.MAX_VALUE : current.maxLength();
        long maxBytes = current.maxLengthBytes() == QueueSettings.NONE ? Long.MAX_VALUE : current.maxLengthBytes();
        while (readyCount > maxLength || readyBytes > maxBytes) {
            QueueEntry head = ready.poll();
            if (head == null) break;
            leaveReady(head);
            deadLetter(head, "maxlen", current);
        }
    }

    private void makeReady(QueueEntry entry) {
        entry.ready = true;
        readyCount++;
        readyBytes += entry.bodySize;
        if (entry.message == null) countPagedOut(entry, 1);
    }

    private void leaveReady(QueueEntry entry) {
        entry.ready = false;
        readyCount--;
        readyBytes -= entry.bodySize;
        gate.left(entry.bodySize);
        if (entry.message == null) countPagedOut(entry, -1);
    }

    private void countPagedOut(QueueEntry entry, int sign) {
        pagedOut += sign;
        pagedOutBytes += sign * (long) entry.bodySize;
    }

    private void putBack(QueueEntry entry) {
        if (deleted) {
            end(entry);
            return;
        }
        makeReady(entry);
        gate.returned(entry.bodySize);
        ready.requeue(entry);
        expiries.trackOutOfOrder(entry);
    }

    private void expireIdleQueue() {
        if (deleted || !consumers.isEmpty()) return;
        deleteNow();
        onDeleted.run();
    }

    private int purgeReady() {
        int count = readyCount;
        ready.clear(entry -> {
            leaveReady(entry);
            end(entry);
        });
        expiries.clear();
        releaseThrottleIfDrained();
        return count;
    }
}
