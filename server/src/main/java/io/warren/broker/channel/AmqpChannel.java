package io.warren.broker.channel;

import io.warren.broker.stats.ChannelStats;
import io.warren.broker.ProtocolException;
import io.warren.broker.vhost.Firehose;
import io.warren.config.Limits;
import java.time.Duration;
import io.warren.broker.message.Message;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.vhost.Names;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AccessMethod;
import io.warren.codec.AmqpError;
import io.warren.codec.BasicMethod;
import io.warren.codec.ChannelMethod;
import io.warren.codec.ConfirmMethod;
import io.warren.codec.ContentBodyFrame;
import io.warren.codec.ContentCommand;
import io.warren.codec.ExchangeMethod;
import io.warren.codec.Frame;
import io.warren.codec.Method;
import io.warren.codec.MethodFrame;
import io.warren.codec.QueueMethod;
import io.warren.codec.ReplyCode;
import io.warren.codec.TxMethod;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * One AMQP channel of a connection: its life cycle (open, closing), the assembly of published
 * content, and the dispatch of its methods to {@link TopologyCommands}, {@link Publisher} and
 * {@link ChannelConsumers}.
 *
 * <p><b>Concurrency and order.</b> Confined to the connection's event loop. A method that needs
 * a queue's answer (declare-ok counts, purge, delete, get, consume) suspends the channel: frames
 * that arrive meanwhile wait in a backlog and run, in order, once the answer is in. So replies
 * keep the order of requests and a publish never overtakes an earlier purge.
 *
 * <p><b>Errors.</b> A channel error sends channel.close and puts the channel in {@code closing}:
 * until the client's close-ok, everything else it sends here is discarded, as the spec requires.
 */
public final class AmqpChannel implements VirtualHost.DirectReplyTarget {
    private static final int BACKLOG_PAUSE = 1024;

    private final int number;
    private final ChannelOwner owner;
    private Firehose.Tracer tracer;
    private final ContentAssembler assembler;
    private final TopologyCommands topology;
    private final Publisher publisher;
    private final ChannelConsumers consumers;
    private final ChannelStats stats;
    private final ArrayDeque<Frame> backlog = new ArrayDeque<>();
    /** Queues this channel's publisher waits on (back-pressure); usually none or one. */
    private final List<ClassicQueue> waitingOn = new ArrayList<>(1);
    private Transaction transaction;
    private String lastDeclaredQueue;
    private String directReplyName;
    private String directReplyTag = "";
    private boolean closing;
    private boolean released;
    private boolean suspended;
    private boolean readingPaused;

    public AmqpChannel(int number, ChannelOwner owner, Limits limits) {
        this.number = number;
        this.owner = owner;
        this.assembler = new ContentAssembler(limits.maxMessageSize());
        this.topology = new TopologyCommands(this, owner);
        this.publisher = new Publisher(this, owner);
        this.consumers = new ChannelConsumers(this, owner, limits.consumerTimeout().map(Duration::toMillis).orElse(0L));
        this.stats = ChannelStats.open(owner.vhost().statistics(), number, owner, owner.username(), owner.executor(),
                consumers::unacknowledged);
    }

    public int number() {
        return number;
    }

    /** Whether this channel has a consumer. */
    public boolean consumes() {
        return consumers.count() > 0;
    }

    /** This channel's message counters, consumers and settings (management API). */
    public ChannelStats stats() {
        return stats;
    }

    /**
     * Handles one inbound frame for this channel. A {@link ProtocolException} thrown here is a
     * channel or connection error for the connection to act on.
     */
    public void onFrame(Frame frame) {
        if (closing) {
            discardWhileClosing(frame);
        } else if (suspended) {
            backlog.addLast(frame);
            if (backlog.size() > BACKLOG_PAUSE && !readingPaused) {
                readingPaused = true;
                owner.reading(false);
            }
        } else {
            process(frame);
        }
    }

    private void process(Frame frame) {
        if (!assembler.idle()) {
            InboundMessage message = assembler.accept(frame, owner.alloc());
            if (message != null) onPublish(message);
            return;
        }
        if (!(frame instanceof MethodFrame methodFrame)) {
            if (frame instanceof ContentBodyFrame body) body.payload().release();
            throw ProtocolException.of(ReplyCode.UNEXPECTED_FRAME, "expected method frame, got non method frame instead", null);
        }
        onMethod(methodFrame.method());
    }

    private void onMethod(Method method) {
        if (method instanceof BasicMethod basic) {
            onBasic(basic);
        } else if (method instanceof QueueMethod queueMethod) {
            topology.handle(queueMethod);
        } else if (method instanceof ExchangeMethod exchangeMethod) {
            topology.handle(exchangeMethod);
        } else if (method instanceof ChannelMethod channelMethod) {
            onChannelMethod(channelMethod);
        } else if (method instanceof ConfirmMethod.Select select) {
            if (transaction != null) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "cannot switch from tx to confirm mode", select);
            }
            publisher.confirms.enable();
            stats.confirmMode();
            if (!select.nowait()) owner.write(new MethodFrame(number, new ConfirmMethod.SelectOk()));
        } else if (method instanceof TxMethod txMethod) {
            onTx(txMethod);
        } else if (method instanceof AccessMethod.Request) {
            owner.write(new MethodFrame(number, new AccessMethod.RequestOk(1)));
        } else {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, "unimplemented method", method);
        }
    }

    private void onBasic(BasicMethod method) {
        if (method instanceof BasicMethod.Publish publish) {
            assembler.begin(publish);
        } else if (method instanceof BasicMethod.Ack ack) {
            settle(ack.deliveryTag(), ack.multiple(), Settlement.Outcome.ACK, ack);
        } else if (method instanceof BasicMethod.Nack nack) {
            settle(nack.deliveryTag(), nack.multiple(), outcome(nack.requeue()), nack);
        } else if (method instanceof BasicMethod.Reject reject) {
            settle(reject.deliveryTag(), false, outcome(reject.requeue()), reject);
        } else if (method instanceof BasicMethod.Consume consume) {
            onConsume(consume);
        } else if (method instanceof BasicMethod.Cancel cancel) {
            if (cancel.consumerTag().equals(directReplyTag)) {
                stopDirectReply();
                if (!cancel.nowait()) owner.write(new MethodFrame(number, new BasicMethod.CancelOk(cancel.consumerTag())));
            } else {
                consumers.cancel(cancel);
            }
        } else if (method instanceof BasicMethod.Get get) {
            owner.access().queueRead(queueName(get.queue(), get), get);
            consumers.get(get, queue(get.queue(), get));
        } else if (method instanceof BasicMethod.Qos qos) {
            consumers.qos(qos);
            owner.write(new MethodFrame(number, new BasicMethod.QosOk()));
        } else if (method instanceof BasicMethod.Recover recover) {
            recover(recover.requeue(), recover);
            owner.write(new MethodFrame(number, new BasicMethod.RecoverOk()));
        } else if (method instanceof BasicMethod.RecoverAsync recover) {
            recover(recover.requeue(), recover);
        } else {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, "unimplemented method", method);
        }
    }

    private void onPublish(InboundMessage message) {
        publisher.accept(message, transaction);
    }

    private void onConsume(BasicMethod.Consume consume) {
        ConsumerLimit.check(consumers.count(), owner.limits().consumerMaxPerChannel(), consume);
        if (consume.queue().equals(Publisher.DIRECT_REPLY_TO)) {
            startDirectReply(consume);
            return;
        }
        owner.access().queueRead(queueName(consume.queue(), consume), consume);
        consumers.consume(consume, queue(consume.queue(), consume));
    }

    private void settle(long tag, boolean multiple, Settlement.Outcome outcome, Method cause) {
        if (transaction != null) {
            consumers.checkKnown(tag, multiple, cause);
            transaction.settle(tag, multiple, outcome, cause);
        } else {
            consumers.settle(tag, multiple, outcome, cause);
        }
    }

    private static Settlement.Outcome outcome(boolean requeue) {
        return requeue ? Settlement.Outcome.REQUEUE : Settlement.Outcome.DISCARD;
    }

    private void recover(boolean requeue, Method cause) {
        if (!requeue) throw ProtocolException.of(ReplyCode.NOT_IMPLEMENTED, "requeue=false", cause);
        consumers.recover();
    }

    private void onTx(TxMethod method) {
        if (method instanceof TxMethod.Select) {
            if (publisher.confirms.enabled()) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "cannot switch from confirm to tx mode", method);
            }
            if (transaction == null) transaction = new Transaction();
            stats.transactional();
            owner.write(new MethodFrame(number, new TxMethod.SelectOk()));
        } else if (method instanceof TxMethod.Commit) {
            requireTransaction(method).commit(publisher, consumers);
            await(publisher.durable(), ignored -> owner.write(new MethodFrame(number, new TxMethod.CommitOk())));
        } else if (method instanceof TxMethod.Rollback) {
            requireTransaction(method).rollback();
            owner.write(new MethodFrame(number, new TxMethod.RollbackOk()));
        } else {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, "unimplemented method", method);
        }
    }

    private Transaction requireTransaction(Method cause) {
        if (transaction == null) throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "channel is not transactional", cause);
        return transaction;
    }

    private void onChannelMethod(ChannelMethod method) {
        if (method instanceof ChannelMethod.Close) {
            owner.write(new MethodFrame(number, new ChannelMethod.CloseOk()));
            owner.channelClosed(number);
        } else if (method instanceof ChannelMethod.Flow flow) {
            if (!flow.active()) throw ProtocolException.of(ReplyCode.NOT_IMPLEMENTED, "active=false", method);
            owner.write(new MethodFrame(number, new ChannelMethod.FlowOk(true)));
        } else if (method instanceof ChannelMethod.FlowOk || method instanceof ChannelMethod.CloseOk) {
            // Answers to methods this server never sends on an open channel: nothing to do.
        } else {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, "unimplemented method", method);
        }
    }

    // ---- direct reply-to --------------------------------------------------------------------------

    private void startDirectReply(BasicMethod.Consume consume) {
        if (!consume.noAck()) {
            throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "reply consumer cannot acknowledge", consume);
        }
        if (directReplyName != null) {
            throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "reply consumer already set", consume);
        }
        directReplyTag = consume.consumerTag().isEmpty() ? Names.generate("amq.ctag-") : consume.consumerTag();
        directReplyName = Names.generate(Publisher.DIRECT_REPLY_TO + ".");
        owner.vhost().registerDirectReply(directReplyName, this);
        if (!consume.nowait()) owner.write(new MethodFrame(number, new BasicMethod.ConsumeOk(directReplyTag)));
    }

    private void stopDirectReply() {
        if (directReplyName == null) return;
        owner.vhost().unregisterDirectReply(directReplyName);
        directReplyName = null;
        directReplyTag = "";
    }

    /**
     * Whether a queue name is RabbitMQ's direct reply-to pseudo-queue: the bare name always, and a
     * reply address (passively declared) while the channel that owns it is alive.
     */
    boolean isDirectReplyAddress(String name, boolean passive) {
        if (name.equals(Publisher.DIRECT_REPLY_TO)) return true;
        return passive && name.startsWith(Publisher.DIRECT_REPLY_TO + ".") && owner.vhost().hasDirectReply(name);
    }

    String directReplyName() {
        return directReplyName;
    }

    String directReplyTag() {
        return directReplyTag;
    }

    @Override
    public void deliverReply(Message message) {
        owner.executor().execute(() -> {
            if (directReplyName == null || released) {
                message.release();
                return;
            }
            owner.write(new ContentCommand(number, new BasicMethod.Deliver(directReplyTag, consumers.nextDeliveryTag(), false,
                    message.exchange(), message.routingKey()), message.properties(), message.body(), owner.frameMax()));
            owner.flush();
        });
    }

    // ---- queue names and waiting for queues -------------------------------------------------

    /** The queue a method names; the empty name means the channel's last declared queue. */
    ClassicQueue queue(String name, Method cause) {
        return owner.vhost().queue(queueName(name, cause), owner, cause);
    }

    /** The name of the queue a method names: the empty name means the channel's last declared queue. */
    private String queueName(String name, Method cause) {
        return name.isEmpty() ? lastDeclaredQueue(cause) : name;
    }

    String lastDeclaredQueue(Method cause) {
        if (lastDeclaredQueue == null) throw ProtocolException.of(ReplyCode.NOT_FOUND, "no previously declared queue", cause);
        return lastDeclaredQueue;
    }

    void lastDeclaredQueue(String name) {
        lastDeclaredQueue = name;
    }

    /** Suspends the channel until {@code answer} completes, then runs {@code then} and the backlog. */
    <T> void await(CompletableFuture<T> answer, Consumer<T> then) {
        suspended = true;
        answer.whenCompleteAsync((value, failure) -> owner.runForChannel(number, () -> resume(value, failure, then)),
                owner.executor());
    }

    private <T> void resume(T value, Throwable failure, Consumer<T> then) {
        suspended = false;
        if (released) return;
        try {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                if (cause instanceof RuntimeException e) throw e;
                throw new IllegalStateException(cause);
            }
            then.accept(value);
        } catch (ProtocolException e) {
            if (e.error().closesConnection()) throw e;
            closeWithError(e.error());
        }
        runBacklog();
    }

    private void runBacklog() {
        while (!suspended && !backlog.isEmpty() && !released) {
            Frame frame = backlog.pollFirst();
            try {
                onFrame(frame);
            } catch (ProtocolException e) {
                if (e.error().closesConnection()) throw e;
                closeWithError(e.error());
            }
        }
        if (readingPaused && backlog.size() < BACKLOG_PAUSE / 2) {
            readingPaused = false;
            owner.reading(true);
        }
    }

    /**
     * A queue refused more for now: stop reading this connection until every queue it waits on has
     * caught up. One registration per queue, however many publishes of the read batch it refuses.
     */
    void waitFor(ClassicQueue queue) {
        if (waitingOn.contains(queue)) return;
        if (queue.holdsOnlyForPacing() && owner.consumes()) return; // its acks may be what the queue waits for
        if (waitingOn.isEmpty()) {
            owner.reading(false);
            stats.flow(true);
        }
        waitingOn.add(queue);
        queue.whenInboxDrained(() -> owner.executor().execute(() -> {
            if (waitingOn.remove(queue) && waitingOn.isEmpty()) {
                owner.reading(true);
                stats.flow(false);
            }
        }));
    }

    /** This channel's firehose tracer, made when first needed. */
    Firehose.Tracer tracer() {
        if (tracer == null) tracer = owner.vhost().firehose().tracer(owner.nodeName(), owner.connectionName(), number, owner.username());
        return tracer;
    }

    /** Called by the connection once its read batch is done: coalesced confirms go out. */
    public void endOfBatch() {
        publisher.endOfBatch();
    }

    /** The socket can take writes again: consumers waiting for room resume. */
    public void writableAgain() {
        consumers.wakeConsumerQueues();
    }

    // ---- closing ------------------------------------------------------------------------------

    /** Sends channel.close for a channel-level error and waits for the client's close-ok. */
    public void closeWithError(AmqpError error) {
        if (closing) return;
        assembler.discard();
        closing = true;
        releaseResources();
        owner.write(new MethodFrame(number, new ChannelMethod.Close(error.replyCode(), error.replyText(),
                error.classId(), error.methodId())));
    }

    private void discardWhileClosing(Frame frame) {
        if (frame instanceof ContentBodyFrame body) {
            body.payload().release();
        } else if (frame instanceof MethodFrame m && m.method() instanceof ChannelMethod.CloseOk) {
            owner.channelClosed(number);
        } else if (frame instanceof MethodFrame m && m.method() instanceof ChannelMethod.Close) {
            owner.write(new MethodFrame(number, new ChannelMethod.CloseOk()));
            owner.channelClosed(number);
        }
    }

    /** Frees what the channel holds: consumers cancelled, unacked messages requeued, buffers released. */
    public void release() {
        assembler.discard();
        releaseResources();
    }

    private void releaseResources() {
        if (released) return;
        released = true;
        consumers.release();
        stats.closed();
        stopDirectReply();
        if (transaction != null) transaction.rollback();
        for (Frame frame : backlog) {
            if (frame instanceof ContentBodyFrame body) body.payload().release();
        }
        backlog.clear();
        if (readingPaused) owner.reading(true);
        if (!waitingOn.isEmpty()) {
            waitingOn.clear();
            owner.reading(true);
        }
        publisher.release();
    }
}
