package io.warren.broker.vhost;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.broker.message.Message;
import io.warren.broker.durable.QueueJournal;
import io.warren.broker.durable.StoredMessageFormat;
import io.warren.broker.queue.ClassicQueue;
import io.warren.store.MsgId;
import io.warren.store.RecoveredEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Set;
import io.warren.broker.queue.QueueDelivery;
import io.warren.codec.BasicProperties;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages an {@code x-delayed-message} exchange holds until they are due (RabbitMQ's delayed
 * message plugin): published with a positive {@code x-delay} header (milliseconds), routed through
 * the exchange's own bindings (of its {@code x-delayed-type}) when the delay has passed. As the
 * plugin does, the delivered message carries {@code x-delay} negated, so routing it through a
 * delayed exchange again does not delay it twice.
 *
 * <p><b>Durability.</b> Unlike the plugin, which loses its messages on a crash, a durable delayed
 * exchange journals its persistent messages ({@link QueueJournal}, one message-store copy): they
 * are held again after a restart or crash and routed once when due. Routing gives the message's
 * queues references to the same stored copy before the journal lets go of its own, so a crash in
 * between is recognised at start-up ({@link #recover}) and the message is not routed twice.
 *
 * <p><b>Concurrency.</b> Owned by one event loop: {@link #schedule} may be called from any thread
 * and posts there; the held messages wait in a heap by due time, with one timer for the earliest.
 */
public final class DelayedMessages {
    private final VirtualHost vhost;
    private final Exchange exchange;
    private final EventExecutor executor;
    private final PriorityQueue<Held> held = new PriorityQueue<>(
            Comparator.comparingLong(Held::dueAt).thenComparingLong(Held::order));
    private final Router router = new Router();
    private final QueueDelivery delivery;
    private final AtomicInteger count = new AtomicInteger();
    private long nextOrder;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean discarded;

    private final QueueJournal journal;

    private record Held(long dueAt, long order, Message message, List<String> routingKeys, long journalPosition) {}

    /** @param journal where a durable exchange keeps its persistent held messages, or null */
    DelayedMessages(VirtualHost vhost, Exchange exchange, EventExecutor executor, QueueJournal journal) {
        this.vhost = vhost;
        this.exchange = exchange;
        this.executor = executor;
        this.journal = journal;
        this.delivery = new QueueDelivery(vhost.persistence());
    }

    /** The positive delay a publish asks for in its {@code x-delay} header, or 0 for none. */
    public static long delayOf(Map<String, Object> headers) {
        if (headers == null) return 0;
        Long delay = FieldTypeNames.integer(headers.get("x-delay"));
        return delay == null || delay <= 0 ? 0 : delay;
    }

    /**
     * When a message published now with {@code delay} ms is due (epoch milliseconds). The wall clock
     * counts whole milliseconds and the publish may have arrived late in the current one, so the
     * due time is one millisecond later than the sum: a message is never routed before its whole
     * delay has passed (it was, by up to 1 ms, before), and at most 1 ms after.
     */
    public static long dueAt(long delay) {
        return System.currentTimeMillis() + delay + 1;
    }

    /**
     * Holds {@code message} (taking over one reference) until {@code dueAt} (epoch milliseconds). A
     * persistent message on a durable exchange is journaled first (its publisher's confirm then waits
     * for the group commit): it survives a restart or a crash and is routed once when due, late if
     * the broker was down. Returns whether it was journaled.
     */
    public boolean schedule(Message message, List<String> routingKeys, long dueAt) {
        long position = -1;
        if (journal != null && message.persistent()) {
            vhost.persistence().store(message, 1);
            position = journal.publish(message.storeId());
        }
        hold(message, routingKeys, dueAt, position);
        return position >= 0;
    }

    /** The journal of a durable delayed exchange, or null. */
    public QueueJournal journal() {
        return journal;
    }

    /**
     * Start-up: takes back the journaled messages. One whose message the queues already hold was routed
     * just before a crash and is only forgotten; the others are held again until due.
     */
    public int recover(Iterator<RecoveredEntry> recovered, Set<MsgId> alreadyRouted) throws IOException {
        int count = 0;
        while (recovered.hasNext()) {
            RecoveredEntry entry = recovered.next();
            if (alreadyRouted.contains(entry.id())) {
                journal.ended(entry.seq(), entry.id());
                continue;
            }
            ByteBuffer record = journal.store().read(entry.id());
            if (record == null) {
                journal.ended(entry.seq(), entry.id());
                continue;
            }
            StoredMessageFormat.Decoded decoded = StoredMessageFormat.decode(record);
            Message message = decoded.message();
            message.storedAs(entry.id());
            hold(message, message.routingKeysWithCc(), decoded.publishedAt() + delayOf(message.properties().headers()), entry.seq());
            count++;
        }
        return count;
    }

    private void hold(Message message, List<String> routingKeys, long dueAt, long position) {
        count.incrementAndGet();
        List<String> keys = List.copyOf(routingKeys);
        executor.execute(() -> {
            if (discarded) {
                count.decrementAndGet();
                forget(message, position);
                return;
            }
            held.add(new Held(dueAt, nextOrder++, message, keys, position));
            armTimer();
        });
    }

    private void forget(Message message, long position) {
        if (position >= 0) journal.ended(position, message.storeId());
        message.release();
    }

    /** How many messages are held. Any thread. */
    public int size() {
        return count.get();
    }

    /** The exchange is gone: every held message is dropped. */
    void discardAll() {
        executor.execute(() -> {
            discarded = true;
            Held next;
            while ((next = held.poll()) != null) {
                count.decrementAndGet();
                forget(next.message(), next.journalPosition());
            }
            if (timer != null) timer.cancel(false);
            if (journal != null) journal.delete();
        });
    }

    private void armTimer() {
        Held first = held.peek();
        if (first == null || first.dueAt() >= timerAt) return;
        if (timer != null) timer.cancel(false);
        timerAt = first.dueAt();
        timer = executor.schedule(this::routeDue, Math.max(0, timerAt - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private void routeDue() {
        timer = null;
        timerAt = Long.MAX_VALUE;
        long now = System.currentTimeMillis();
        while (!held.isEmpty() && held.peek().dueAt() <= now) {
            Held due = held.poll();
            count.decrementAndGet();
            route(due);
        }
        armTimer();
    }

    private void route(Held due) {
        Message message = withDelayNegated(due.message());
        message.storedAs(due.message().storeId());
        List<ClassicQueue> queues = router.route(vhost, exchange, due.routingKeys(), message.properties().headers());
        if (due.journalPosition() >= 0) message.retain(); // the journal's reference in the store is let go below
        if (queues.isEmpty()) message.release();
        else delivery.deliver(message, queues, null);
        if (due.journalPosition() >= 0) forget(message, due.journalPosition());
    }

    private static Message withDelayNegated(Message message) {
        BasicProperties properties = message.properties();
        Map<String, Object> headers = new LinkedHashMap<>(properties.headers());
        Long delay = FieldTypeNames.integer(headers.get("x-delay"));
        if (delay != null) headers.put("x-delay", -delay);
        return message.withProperties(properties.withHeaders(headers));
    }
}
