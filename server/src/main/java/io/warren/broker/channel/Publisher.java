package io.warren.broker.channel;

import io.warren.broker.ProtocolException;
import io.warren.broker.message.Expiration;
import io.warren.broker.message.Message;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.QueueDelivery;
import io.warren.store.SyncCallback;
import io.warren.broker.vhost.DelayedMessages;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.Router;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.BasicMethod;
import io.warren.codec.BasicProperties;
import io.warren.codec.ContentCommand;
import io.warren.codec.LongString;
import io.warren.codec.Method;
import io.warren.codec.MethodFrame;
import io.warren.codec.ReplyCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The publishing side of a channel: checks a basic.publish as RabbitMQ does, routes it, hands
 * the message to its queues (one shared body, one reference per queue), returns unroutable
 * mandatory messages, and owes publisher confirms. Confined to the connection's thread.
 */
final class Publisher {
    static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
    private static final String REPLY_TO_PREFIX = DIRECT_REPLY_TO + ".";

    private final AmqpChannel channel;
    private final ChannelOwner owner;
    private final Router router = new Router();
    private final List<String> singleKey = new ArrayList<>(1);
    private final QueueDelivery delivery;
    /** {@code channel::waitFor}, made once: a method reference per publish was 3 % of scenario 1's allocation. */
    private final QueueDelivery.Backpressure waitFor;
    private boolean storedSinceCommit;
    /**
     * Group commits: at most {@link #MAX_SYNCS_IN_FLIGHT} syncs per channel are asked of the storage at a
     * time; the batches read meanwhile join the next one, asked for as soon as one is done. So a publisher
     * with many small read batches gets few, full commits, and its confirms wait at most about two fsyncs.
     */
    static final int MAX_SYNCS_IN_FLIGHT = 2;
    private int syncsInFlight;
    private boolean syncWanted;
    /** The highest confirm sequence number the next sync settles (0: none). */
    private long syncUpTo;
    /** Persistent messages stored since the last sync was asked for; past {@link #MAX_STORED_DURING_SYNC} reading pauses. */
    private int storedSinceSync;
    static final int MAX_STORED_DURING_SYNC = 4096;
    private boolean pausedForStorage;
    private boolean storedInBatch;
    private boolean delayedStored;
    final PublisherConfirms confirms = new PublisherConfirms();

    Publisher(AmqpChannel channel, ChannelOwner owner) {
        this.channel = channel;
        this.owner = owner;
        this.delivery = new QueueDelivery(owner.persistence());
        this.waitFor = channel::waitFor;
        singleKey.add("");
    }

    /**
     * Takes a complete basic.publish: checks it as RabbitMQ does, then routes it now, or holds it
     * in {@code transaction} until commit. Releases the body when the publish is refused.
     */
    void accept(InboundMessage message, Transaction transaction) {
        Exchange exchange;
        InboundMessage checked;
        try {
            BasicMethod.Publish publish = message.publish();
            if (publish.immediate()) throw ProtocolException.of(ReplyCode.NOT_IMPLEMENTED, "immediate=true", publish);
            owner.access().publish(owner.vhost(), publish);
            exchange = owner.vhost().exchange(publish.exchange(), publish);
            if (exchange.internal()) {
                throw ProtocolException.of(ReplyCode.ACCESS_REFUSED, "cannot publish to internal exchange '"
                        + exchange.name() + "' in vhost '" + owner.vhost().name() + "'", publish);
            }
            BasicProperties properties = message.properties();
            String expirationProblem = properties.expiration() == null ? null : Expiration.problem(properties.expiration());
            if (expirationProblem != null) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "invalid expiration '" + properties.expiration()
                        + "': " + expirationProblem, publish);
            }
            if (properties.userId() != null && !properties.userId().equals(owner.username())) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "user_id property set to '" + properties.userId()
                        + "' but authenticated user was '" + owner.username() + "'", publish);
            }
            if (DIRECT_REPLY_TO.equals(properties.replyTo())) {
                String replyName = channel.directReplyName();
                if (replyName == null) {
                    throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "fast reply consumer does not exist", publish);
                }
                checked = new InboundMessage(publish, withReplyTo(properties, replyName), message.body());
            } else {
                checked = message;
            }
        } catch (RuntimeException e) {
            message.body().release();
            throw e;
        }
        if (transaction != null) {
            transaction.publish(checked);
        } else {
            publish(checked, exchange);
        }
    }

    /** Publishes a message a transaction held, at commit; its exchange may have gone meanwhile (404). */
    void publishCommitted(InboundMessage inbound) {
        BasicMethod.Publish publish = inbound.publish();
        Exchange exchange;
        try {
            exchange = owner.vhost().exchange(publish.exchange(), publish);
        } catch (ProtocolException gone) {
            inbound.body().release();
            throw gone;
        }
        publish(inbound, exchange);
    }

    /** Routes and enqueues a checked publish; takes over its body. */
    private void publish(InboundMessage inbound, Exchange exchange) {
        BasicMethod.Publish publish = inbound.publish();
        long sequence = confirms.enabled() ? confirms.nextPublish() : 0;
        VirtualHost vhost = owner.vhost();
        BasicProperties properties = inbound.properties();
        Map<String, Object> headers = properties.headers();
        List<String> keys = routingKeys(publish.routingKey(), headers);
        if (headers != null && headers.containsKey("BCC")) properties = withoutBcc(properties);
        Message message = new Message(exchange.name(), publish.routingKey(), properties, inbound.body());
        boolean routed;
        long delay = exchange.delayed() == null ? 0 : DelayedMessages.delayOf(headers);
        if (exchange.isDefault() && publish.routingKey().startsWith(REPLY_TO_PREFIX)) {
            routed = vhost.deliverDirectReply(publish.routingKey(), message);
        } else if (delay > 0) {
            boolean journaled = exchange.delayed().schedule(message, keys, DelayedMessages.dueAt(delay));
            if (journaled) stored();
            delayedStored = journaled;
            routed = true; // held, routed when due; unlike the plugin, not returned as unroutable meanwhile
        } else {
            List<ClassicQueue> queues = router.route(vhost, exchange, keys, headers);
            routed = !queues.isEmpty();
            if (vhost.firehose().on()) channel.tracer().published(message, keys, queues);
            if (routed) {
                delivery.deliver(message, queues, waitFor);
                if (delivery.stored()) stored();
            }
        }
        channel.stats().published(exchange.stats(), routed, publish.mandatory());
        if (!routed) {
            if (publish.mandatory()) {
                owner.write(new ContentCommand(channel.number(), new BasicMethod.Return(ReplyCode.NO_ROUTE, "NO_ROUTE",
                        publish.exchange(), publish.routingKey()), inbound.properties(), message.body(), owner.frameMax()));
            } else {
                message.release();
            }
        }
        if (sequence != 0) {
            boolean delivered = routed && delay == 0 && !isDirectReply(exchange, publish);
            confirms.published(sequence, (delivered && delivery.stored()) || delayedStored, delivered && delivery.refused());
        }
        delayedStored = false;
        if (sequence != 0 || storedInBatch || storageBehind()) owner.endOfBatchFor(channel);
    }

    /** The message just published went to the message store: a commit is owed (for the batch, tx.commit and back-pressure). */
    private void stored() {
        storedSinceCommit = true;
        storedInBatch = true;
        storedSinceSync++;
    }

    private boolean storageBehind() {
        return owner.persistence() != null && owner.persistence().behind();
    }

    private static boolean isDirectReply(Exchange exchange, BasicMethod.Publish publish) {
        return exchange.isDefault() && publish.routingKey().startsWith(REPLY_TO_PREFIX);
    }

    /**
     * The read batch is over: confirms owed now go out; a batch that stored messages needs a group
     * commit (its confirms wait for it), asked for now or, while this channel's previous one is still
     * running, right after it. The storage is also this channel's back-pressure: once
     * {@link #MAX_STORED_DURING_SYNC} messages were stored while a commit runs, or while the storage is
     * {@linkplain io.warren.broker.durable.Persistence#behind behind} (bodies queued faster than they are
     * written), the connection stops reading until that commit is done.
     */
    void endOfBatch() {
        long upTo = confirms.enabled() ? confirms.endOfBatch() : 0;
        boolean behind = storageBehind();
        if (upTo != 0 || (storedInBatch && !confirms.enabled()) || behind) {
            syncWanted = true;
            syncUpTo = Math.max(syncUpTo, upTo);
        }
        storedInBatch = false;
        if (syncWanted && syncsInFlight < MAX_SYNCS_IN_FLIGHT) requestSync();
        if (syncsInFlight > 0 && (behind || storedSinceSync >= MAX_STORED_DURING_SYNC) && !pausedForStorage) {
            pausedForStorage = true;
            owner.reading(false);
        }
        sendConfirms();
    }

    private void requestSync() {
        long upTo = syncUpTo;
        syncWanted = false;
        syncUpTo = 0;
        storedSinceSync = 0;
        syncsInFlight++;
        owner.persistence().sync(SyncCallback.of(
                () -> owner.runForChannel(channel.number(), () -> committed(upTo, true)),
                failure -> owner.runForChannel(channel.number(), () -> committed(upTo, false))));
    }

    private void committed(long upTo, boolean durable) {
        syncsInFlight--;
        if (upTo != 0) confirms.committed(upTo, durable);
        if (syncWanted) requestSync();
        if (pausedForStorage) {
            pausedForStorage = false;
            owner.reading(true);
        }
        sendConfirms();
    }

    /** The channel is closing: a pause it holds on its connection's reading ends. */
    void release() {
        if (pausedForStorage) {
            pausedForStorage = false;
            owner.reading(true);
        }
    }

    /** Completes once the persistent messages published since the last call are durable (tx.commit waits for it). */
    CompletableFuture<Void> durable() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!storedSinceCommit) {
            done.complete(null);
            return done;
        }
        storedSinceCommit = false;
        owner.persistence().sync(SyncCallback.of(() -> done.complete(null), failure -> done.completeExceptionally(
                ProtocolException.of(ReplyCode.INTERNAL_ERROR, "could not write messages: " + failure, null))));
        return done;
    }

    /** Writes the coalesced publisher acks and nacks, if any are owed. */
    void sendConfirms() {
        long before = confirms.sentUpTo();
        for (Method confirm : confirms.take()) owner.write(new MethodFrame(channel.number(), confirm));
        channel.stats().confirmed(confirms.sentUpTo() - before);
    }

    private List<String> routingKeys(String routingKey, Map<String, Object> headers) {
        if (headers == null || (!headers.containsKey("CC") && !headers.containsKey("BCC"))) {
            singleKey.set(0, routingKey);
            return singleKey;
        }
        List<String> keys = new ArrayList<>();
        keys.add(routingKey);
        addKeys(keys, headers.get("CC"));
        addKeys(keys, headers.get("BCC"));
        return keys;
    }

    private static void addKeys(List<String> keys, Object header) {
        if (header instanceof List<?> list) {
            for (Object key : list) if (key instanceof LongString || key instanceof String) keys.add(key.toString());
        }
    }

    private static BasicProperties withoutBcc(BasicProperties properties) {
        Map<String, Object> headers = new LinkedHashMap<>(properties.headers());
        headers.remove("BCC");
        return properties.withHeaders(headers);
    }

    private static BasicProperties withReplyTo(BasicProperties p, String replyTo) {
        return new BasicProperties(p.contentType(), p.contentEncoding(), p.headers(), p.deliveryMode(), p.priority(),
                p.correlationId(), replyTo, p.expiration(), p.messageId(), p.timestamp(), p.type(), p.userId(),
                p.appId(), p.clusterId());
    }

    /** Releases the body of a message that will not be published. */
    static void discard(InboundMessage message) {
        message.body().release();
    }
}
