package io.warren.broker.channel;

import io.warren.broker.ProtocolException;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.Names;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.ExchangeMethod;
import io.warren.codec.MethodFrame;
import io.warren.codec.QueueMethod;
import io.warren.codec.ReplyCode;
import io.warren.codec.Method;

/** The exchange.* and queue.* methods of a channel: declaring, binding, purging and deleting. */
final class TopologyCommands {
    private final AmqpChannel channel;
    private final ChannelOwner owner;

    TopologyCommands(AmqpChannel channel, ChannelOwner owner) {
        this.channel = channel;
        this.owner = owner;
    }

    void handle(ExchangeMethod method) {
        VirtualHost vhost = owner.vhost();
        if (method instanceof ExchangeMethod.Declare d) {
            owner.access().exchangeDeclare(vhost, stripCrLf(d.exchange()), d.passive(), d.arguments(), d);
            vhost.declareExchange(stripCrLf(d.exchange()), d.type(), d.passive(), d.durable(), d.autoDelete(), d.internal(),
                    d.arguments(), d);
            reply(d.nowait(), new ExchangeMethod.DeclareOk());
        } else if (method instanceof ExchangeMethod.Delete d) {
            owner.access().exchangeDelete(d.exchange(), d);
            vhost.deleteExchange(d.exchange(), d.ifUnused(), d);
            reply(d.nowait(), new ExchangeMethod.DeleteOk());
        } else if (method instanceof ExchangeMethod.Bind b) {
            owner.access().bind(vhost, "exchange", b.destination(), b.source(), b.routingKey(), b);
            Exchange source = vhost.exchange(b.source(), b);
            vhost.bind(source, vhost.exchange(b.destination(), b), b.routingKey(), b.arguments(), b);
            reply(b.nowait(), new ExchangeMethod.BindOk());
        } else if (method instanceof ExchangeMethod.Unbind u) {
            owner.access().bind(vhost, "exchange", u.destination(), u.source(), u.routingKey(), u);
            Exchange source = vhost.exchangeOrNull(u.source());
            Exchange destination = vhost.exchangeOrNull(u.destination());
            if (source != null && destination != null) { // unbinding what does not exist succeeds, as in RabbitMQ
                vhost.unbind(source, destination, u.routingKey(), u.arguments(), u);
            }
            reply(u.nowait(), new ExchangeMethod.UnbindOk());
        } else {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, "unimplemented method", method);
        }
    }

    void handle(QueueMethod method) {
        VirtualHost vhost = owner.vhost();
        if (method instanceof QueueMethod.Declare d) {
            declareQueue(d);
        } else if (method instanceof QueueMethod.Bind b) {
            owner.access().bind(vhost, "queue", resolved(b.queue(), b), b.exchange(), bindingKey(b.queue(), b.routingKey(), b), b);
            Exchange exchange = vhost.exchange(b.exchange(), b);
            ClassicQueue queue = channel.queue(b.queue(), b);
            // RabbitMQ: an empty queue name with an empty routing key binds with the queue's name as the key
            String key = b.queue().isEmpty() && b.routingKey().isEmpty() ? queue.name() : b.routingKey();
            vhost.bind(exchange, queue, key, b.arguments(), b);
            reply(b.nowait(), new QueueMethod.BindOk());
        } else if (method instanceof QueueMethod.Unbind u) {
            owner.access().bind(vhost, "queue", resolved(u.queue(), u), u.exchange(), bindingKey(u.queue(), u.routingKey(), u), u);
            Exchange exchange = vhost.exchangeOrNull(u.exchange());
            ClassicQueue queue = u.queue().isEmpty() ? channel.queue(u.queue(), u) : vhost.queueOrNull(u.queue());
            if (exchange != null && queue != null) { // unbinding what does not exist succeeds, as in RabbitMQ
                vhost.unbind(exchange, queue, u.routingKey(), u.arguments(), u);
            }
            owner.write(new MethodFrame(channel.number(), new QueueMethod.UnbindOk()));
        } else if (method instanceof QueueMethod.Purge p) {
            owner.access().queueRead(resolved(p.queue(), p), p);
            ClassicQueue queue = channel.queue(p.queue(), p);
            channel.await(queue.purge(), count -> reply(p.nowait(), new QueueMethod.PurgeOk(count)));
        } else if (method instanceof QueueMethod.Delete d) {
            deleteQueue(d);
        } else {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, "unimplemented method", method);
        }
    }

    private void declareQueue(QueueMethod.Declare d) {
        String requested = stripCrLf(d.queue());
        if (channel.isDirectReplyAddress(requested, d.passive())) { // RabbitMQ's pseudo-queue: no messages, one consumer
            reply(d.nowait(), new QueueMethod.DeclareOk(requested, 0, 1));
            return;
        }
        boolean serverNamed = requested.isEmpty() && !d.passive();
        String name = serverNamed ? Names.generate("amq.gen-") : requested;
        owner.access().queueDeclare(owner.vhost(), name, serverNamed, d.passive(), d.arguments(), d);
        ClassicQueue queue = owner.vhost().declareQueue(name, d.passive(), d.durable(), d.exclusive(), d.autoDelete(),
                d.arguments(), owner, owner.executor(), serverNamed, d);
        channel.lastDeclaredQueue(queue.name());
        if (d.nowait()) return;
        channel.await(queue.counts(), counts -> owner.write(new MethodFrame(channel.number(),
                new QueueMethod.DeclareOk(queue.name(), counts.messagesReady(), counts.consumers()))));
    }

    private void deleteQueue(QueueMethod.Delete d) {
        String name = resolved(d.queue(), d);
        owner.access().queueDelete(name, d);
        ClassicQueue queue = owner.vhost().queueOrNull(name);
        if (queue == null) { // deleting what does not exist succeeds, as in RabbitMQ
            reply(d.nowait(), new QueueMethod.DeleteOk(0));
            return;
        }
        channel.queue(name, d); // exclusive access check
        channel.await(owner.vhost().deleteQueue(queue, d.ifUnused(), d.ifEmpty()),
                count -> reply(d.nowait(), new QueueMethod.DeleteOk(count)));
    }

    /** A queue name as a method gives it; the empty name is the channel's last declared queue. */
    private String resolved(String queue, Method cause) {
        return queue.isEmpty() ? channel.lastDeclaredQueue(cause) : queue;
    }

    /** RabbitMQ: an empty queue name with an empty routing key binds with the queue's name as the key. */
    private String bindingKey(String queue, String routingKey, Method cause) {
        return queue.isEmpty() && routingKey.isEmpty() ? channel.lastDeclaredQueue(cause) : routingKey;
    }

    /** RabbitMQ strips carriage returns and line feeds from declared names. */
    private static String stripCrLf(String name) {
        return name.indexOf('\r') < 0 && name.indexOf('\n') < 0 ? name : name.replace("\r", "").replace("\n", "");
    }

    private void reply(boolean nowait, Method method) {
        if (!nowait) owner.write(new MethodFrame(channel.number(), method));
    }
}
