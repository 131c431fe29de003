package io.warren.broker.channel;

import io.warren.broker.stats.ConsumerInfo;
import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import io.warren.broker.ProtocolException;
import io.warren.broker.message.Message;
import io.warren.broker.queue.ChannelCredit;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.Consumer;
import io.warren.broker.queue.DeliveryTarget;
import io.warren.broker.queue.GetResult;
import io.warren.broker.queue.QueueEntry;
import io.warren.broker.vhost.Names;
import io.warren.codec.BasicMethod;
import io.warren.codec.ContentCommand;
import io.warren.codec.MethodFrame;
import io.warren.codec.ReplyCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The receiving side of a channel: its consumers, the deliveries queues send it, basic.get,
 * the unacked ledger with ack/nack/reject/recover, and prefetch (basic.qos).
 *
 * <p><b>Concurrency.</b> Queues call {@link #deliver} on their own threads; deliveries go into a
 * lock-free MPSC inbox, and one drain task per burst moves them onto the connection's thread,
 * where delivery tags are assigned in write order and the ledger lives. Everything but
 * {@link #deliver}, {@link #cancelledByQueue} and {@link #accepting} runs on the connection's thread.
 * A consumer receives nothing before its consume-ok: deliveries that overtake it are parked.
 */
final class ChannelConsumers implements DeliveryTarget {
    private static final int INBOX_HIGH_WATER = 4096;

    private final AmqpChannel channel;
    private final ChannelOwner owner;
    private final Map<String, Registration> consumers = new LinkedHashMap<>();
    private final UnackedDeliveries unacked = new UnackedDeliveries();
    private final Settlement settlement = new Settlement();
    private final ChannelCredit channelCredit = new ChannelCredit();
    /** In chunks of 64: a channel that never consumes (most of them) keeps one small array, not 1024 slots. */
    private final Queue<PendingDelivery> inbox = PlatformDependent.newMpscQueue(64, 1 << 30);
    private final AtomicInteger inboxSize = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Set when a queue was told "not accepting" because the inbox was full: the next drain must wake the queues. */
    private final AtomicBoolean refusedForFullInbox = new AtomicBoolean();
    private final Runnable drainTask = this::drainInbox;
    private final ConsumerTimeout consumerTimeout;
    private long nextDeliveryTag = 1;
    /** A basic.get whose answer has not been handled yet: if the channel closes first, its message goes back. */
    private CompletableFuture<GetResult> pendingGet;
    private ClassicQueue pendingGetQueue;
    private boolean pendingGetNoAck;
    private int consumerPrefetch;
    private volatile boolean closed;

    /** A consumer as its channel sees it. */
    private static final class Registration {
        final Consumer consumer;
        final ClassicQueue queue;
        boolean consumeOkSent;
        final List<PendingDelivery> parked = new ArrayList<>(0);

        Registration(Consumer consumer, ClassicQueue queue) {
            this.consumer = consumer;
            this.queue = queue;
        }
    }

    ChannelConsumers(AmqpChannel channel, ChannelOwner owner, long consumerTimeoutMillis) {
        this.channel = channel;
        this.owner = owner;
        this.consumerTimeout = new ConsumerTimeout(consumerTimeoutMillis, channel, owner, unacked::oldestDeliveredAt);
    }

    long nextDeliveryTag() {
        return nextDeliveryTag++;
    }

    // ---- basic.consume / basic.cancel ---------------------------------------------------------

    void consume(BasicMethod.Consume consume, ClassicQueue queue) {
        String tag = consume.consumerTag().isEmpty() ? Names.generate("amq.ctag-") : consume.consumerTag();
        if (consumers.containsKey(tag) || channel.directReplyTag().equals(tag)) {
            throw ProtocolException.of(ReplyCode.NOT_ALLOWED, "attempt to reuse consumer tag '" + tag + "'", consume);
        }
        Consumer consumer = new Consumer(tag, this, consume.noAck(), consume.exclusive(),
                ConsumerArguments.priority(consume), boundedPrefetch(), channelCredit);
        Registration registration = new Registration(consumer, queue);
        consumers.put(tag, registration);
        channel.stats().consumerAdded(new ConsumerInfo(tag, queue.name(), !consume.noAck(), consume.exclusive(),
                consumerPrefetch, consume.arguments()));
        channel.await(queue.addConsumer(consumer), ignored -> {
            if (!consume.nowait()) owner.write(new MethodFrame(channel.number(), new BasicMethod.ConsumeOk(tag)));
            registration.consumeOkSent = true;
            for (PendingDelivery parked : registration.parked) writeDelivery(parked);
            registration.parked.clear();
        });
    }

    /** How many consumers the channel has (direct reply-to's is not one, as in RabbitMQ). */
    int count() {
        return consumers.size();
    }

    /** Deliveries awaiting ack, nack or reject. */
    int unacknowledged() {
        return unacked.size();
    }

    /** The prefetch a new consumer gets: no limit (0) becomes {@code warren.unacked_max_per_consumer}. */
    private int boundedPrefetch() {
        return consumerPrefetch == 0 ? owner.limits().unackedMaxPerConsumer() : consumerPrefetch;
    }

    void cancel(BasicMethod.Cancel cancel) {
        Registration registration = consumers.remove(cancel.consumerTag());
        if (registration != null) unregister(registration);
        if (!cancel.nowait()) owner.write(new MethodFrame(channel.number(), new BasicMethod.CancelOk(cancel.consumerTag())));
    }

    private void unregister(Registration registration) {
        channel.stats().consumerRemoved(registration.consumer.tag());
        registration.queue.removeConsumer(registration.consumer);
        for (PendingDelivery parked : registration.parked) returnUndelivered(parked);
        registration.parked.clear();
    }

    // ---- deliveries from queues (queue threads) -----------------------------------------------

    @Override
    public void deliver(Consumer consumer, ClassicQueue queue, QueueEntry entry) {
        inbox.offer(new PendingDelivery(consumer, queue, entry));
        inboxSize.incrementAndGet();
        if (drainScheduled.compareAndSet(false, true)) owner.executor().execute(drainTask);
    }

    @Override
    public boolean accepting() {
        if (closed) return false;
        if (inboxSize.get() >= INBOX_HIGH_WATER) {
            refusedForFullInbox.set(true);
            return false;
        }
        return owner.writable();
    }

    @Override
    public void cancelledByQueue(Consumer consumer) {
        owner.runForChannel(channel.number(), () -> {
            Registration registration = consumers.get(consumer.tag());
            if (registration == null || registration.consumer != consumer) return;
            consumers.remove(consumer.tag());
            channel.stats().consumerRemoved(consumer.tag());
            for (PendingDelivery parked : registration.parked) returnUndelivered(parked);
            if (owner.consumerCancelNotify() && !closed) {
                owner.write(new MethodFrame(channel.number(), new BasicMethod.Cancel(consumer.tag(), true)));
            }
        });
    }

    private void drainInbox() {
        drainScheduled.set(false);
        PendingDelivery delivery;
        while ((delivery = inbox.poll()) != null) {
            inboxSize.decrementAndGet();
            Registration registration = closed ? null : consumers.get(delivery.consumer().tag());
            if (registration == null || registration.consumer != delivery.consumer()) {
                returnUndelivered(delivery);
            } else if (!registration.consumeOkSent) {
                registration.parked.add(delivery);
            } else {
                writeDelivery(delivery);
            }
        }
        owner.flush();
        // A queue that found the inbox full stopped delivering; it is ours to wake. The flag is read after
        // the inbox was emptied: a refusal after that point saw a full inbox whose entries schedule another drain.
        if (refusedForFullInbox.getAndSet(false)) wakeConsumerQueues();
    }

    private void writeDelivery(PendingDelivery delivery) {
        Consumer consumer = delivery.consumer();
        QueueEntry entry = delivery.entry();
        Message message = entry.message();
        long tag = nextDeliveryTag++;
        channel.stats().delivered(consumer.noAck(), entry.redelivered());
        if (owner.vhost().firehose().on()) channel.tracer().delivered(message, delivery.queue().name(), entry.redelivered());
        send(new BasicMethod.Deliver(consumer.tag(), tag, entry.redelivered(), message.exchange(), message.routingKey()),
                tag, delivery.queue(), consumer, entry, consumer.noAck());
    }

    /**
     * Writes a basic.deliver or basic.get-ok carrying the entry's message. With no-ack the queue's
     * reference to the body goes with the write; otherwise the write takes its own and the entry
     * waits in the ledger until settled.
     */
    private void send(BasicMethod method, long tag, ClassicQueue queue, Consumer consumer, QueueEntry entry, boolean noAck) {
        Message message = entry.message();
        ByteBuf body = noAck ? message.body() : message.body().retain();
        owner.write(new ContentCommand(channel.number(), method, message.properties(), body, owner.frameMax()));
        if (!noAck) {
            unacked.add(tag, queue, consumer, entry, consumerTimeout.now());
            consumerTimeout.delivered();
        }
    }

    private void returnUndelivered(PendingDelivery delivery) {
        delivery.consumer().onSettled();
        delivery.queue().returnUndelivered(delivery.entry(), !delivery.consumer().noAck());
    }

    // ---- basic.get ------------------------------------------------------------------------------

    void get(BasicMethod.Get get, ClassicQueue queue) {
        CompletableFuture<GetResult> answer = queue.get(get.noAck());
        pendingGet = answer;
        pendingGetQueue = queue;
        pendingGetNoAck = get.noAck();
        channel.await(answer, (GetResult result) -> {
            pendingGet = null;
            QueueEntry entry = result.entry();
            channel.stats().got(entry != null, get.noAck(), entry != null && entry.redelivered());
            if (entry == null) {
                owner.write(new MethodFrame(channel.number(), new BasicMethod.GetEmpty("")));
                return;
            }
            Message message = entry.message();
            long tag = nextDeliveryTag++;
            if (owner.vhost().firehose().on()) channel.tracer().delivered(message, queue.name(), entry.redelivered());
            send(new BasicMethod.GetOk(tag, entry.redelivered(), message.exchange(), message.routingKey(), result.remaining()),
                    tag, queue, null, entry, get.noAck());
        });
    }

    // ---- settling ---------------------------------------------------------------------------------

    /** Checks a tag as basic.ack/nack/reject would, without settling (transactions settle at commit). */
    void checkKnown(long tag, boolean multiple, io.warren.codec.Method cause) {
        boolean known = (multiple && tag == 0) || unacked.contains(tag);
        if (!known) throw unknownTag(tag, cause);
    }

    void settle(long tag, boolean multiple, Settlement.Outcome outcome, io.warren.codec.Method cause) {
        int before = unacked.size();
        int taken;
        if (multiple) {
            if (tag != 0 && !unacked.contains(tag)) throw unknownTag(tag, cause);
            taken = tag == 0 ? unacked.removeAll(settlement) : unacked.removeUpTo(tag, settlement);
        } else if (!unacked.remove(tag, settlement)) {
            throw unknownTag(tag, cause);
        }
        if (outcome == Settlement.Outcome.ACK) channel.stats().acked(before - unacked.size());
        applySettlement(outcome);
    }

    /** basic.recover with requeue: everything unacknowledged goes back to its queue. */
    void recover() {
        unacked.removeAll(settlement);
        applySettlement(Settlement.Outcome.REQUEUE);
    }

    private void applySettlement(Settlement.Outcome outcome) {
        if (settlement.apply(outcome) && channelCredit.limited()) wakeConsumerQueues();
    }

    private static ProtocolException unknownTag(long tag, io.warren.codec.Method cause) {
        return ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "unknown delivery tag " + tag, cause);
    }

    // ---- basic.qos ------------------------------------------------------------------------------

    void qos(BasicMethod.Qos qos) {
        if (qos.prefetchSize() != 0) {
            throw ProtocolException.of(ReplyCode.NOT_IMPLEMENTED, "prefetch_size!=0 (" + qos.prefetchSize() + ")", qos);
        }
        if (qos.global()) {
            channelCredit.limit(qos.prefetchCount());
            channel.stats().prefetch(consumerPrefetch, qos.prefetchCount());
            wakeConsumerQueues();
        } else {
            consumerPrefetch = qos.prefetchCount();
            channel.stats().prefetch(consumerPrefetch, 0);
            if (channelCredit.limited()) {
                channelCredit.limit(0); // as RabbitMQ 3.10: a per-consumer qos lifts an earlier channel-wide one
                wakeConsumerQueues();
            }
        }
    }

    /** Queues of this channel's consumers look for deliveries again (credit or socket space came back). */
    void wakeConsumerQueues() {
        Set<ClassicQueue> queues = new HashSet<>();
        for (Registration registration : consumers.values()) {
            if (queues.add(registration.queue)) registration.queue.creditReturned();
        }
    }

    // ---- closing ----------------------------------------------------------------------------------

    /** The channel closed before it could send a basic.get's message: the message goes back to its queue. */
    private void returnPendingGet() {
        if (pendingGet == null) return;
        ClassicQueue queue = pendingGetQueue;
        boolean counted = !pendingGetNoAck;
        pendingGet.thenAccept(result -> {
            if (result.entry() != null) queue.returnUndelivered(result.entry(), counted);
        });
        pendingGet = null;
    }

    /** The channel is closing: consumers cancelled, unacknowledged messages requeued. */
    void release() {
        closed = true;
        consumerTimeout.stop();
        returnPendingGet();
        // requeue before the consumers leave: a queue's next consumer (single active consumer) then
        // gets the requeued messages at their original places, ahead of everything behind them
        unacked.removeAll(settlement);
        settlement.apply(Settlement.Outcome.REQUEUE);
        for (Registration registration : consumers.values()) unregister(registration);
        consumers.clear();
    }
}
