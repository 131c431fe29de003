package io.warren.broker.vhost;

import io.warren.broker.stats.VhostStatistics;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.warren.broker.ProtocolException;
import io.warren.broker.durable.Persistence;
import io.warren.broker.durable.QueueJournal;
import io.warren.broker.policy.Policies;
import io.warren.broker.policy.Policy;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.DeadLetterRoute;
import io.warren.broker.queue.QueueSettings;
import io.warren.codec.Method;
import io.warren.codec.ReplyCode;
import io.warren.routing.ExchangeType;
import io.warren.routing.ExchangeTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual host: its exchanges, queues and the bindings between them.
 *
 * <p><b>Concurrency.</b> Lookups and routing are lock-free (concurrent maps, thread-safe
 * bindings). Changes to the topology (declare, delete, bind, unbind) are rare and serialized
 * on this object's monitor, so each is atomic with respect to the others. A queue is owned by the
 * event loop of the connection that declared it.
 */
public final class VirtualHost {
    private static final Logger log = LoggerFactory.getLogger(VirtualHost.class);
    static final List<String> PREDECLARED = List.of("amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match",
            "amq.rabbitmq.trace");
    private static final List<String> EXCHANGE_EQUIVALENCE_KEYS = List.of("alternate-exchange", "x-delayed-type");
    /** The exchange type of RabbitMQ's delayed message plugin; its bindings are those of its {@code x-delayed-type}. */
    public static final String DELAYED_TYPE = "x-delayed-message";

    private final String name;
    private final EventLoopGroup queueLoops;
    private final Exchange defaultExchange;
    private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, ClassicQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, DirectReplyTarget> directReplies = new ConcurrentHashMap<>();
    private final VhostLimits limits;
    private final Policies policies = new Policies();
    private final Firehose firehose = new Firehose(this);
    private final VhostStatistics statistics;
    private final Persistence persistence;
    private final Runnable durableChanged;

    /** A channel consuming from {@code amq.rabbitmq.reply-to} (RabbitMQ's direct reply-to). */
    public interface DirectReplyTarget {
        /** Delivers a reply published to this channel's reply name; takes over the body. Any thread. */
        void deliverReply(io.warren.broker.message.Message message);
    }

    /**
     * @param persistence    the node's storage (durable queues journal their persistent messages), or null
     * @param durableChanged called after every change to durable state (definitions to save), under this vhost's lock
     */
    public VirtualHost(String name, EventLoopGroup queueLoops, Persistence persistence, Runnable durableChanged) {
        this.name = name;
        this.statistics = new VhostStatistics(name);
        this.queueLoops = queueLoops;
        this.persistence = persistence;
        this.durableChanged = durableChanged;
        this.limits = new VhostLimits(durableChanged);
        this.defaultExchange = new Exchange("", "direct", true, false, false, Map.of(), null);
        exchanges.put("", defaultExchange);
        for (String predeclared : PREDECLARED) {
            String type = switch (predeclared) {
                case "amq.match" -> "headers";
                case "amq.rabbitmq.trace" -> "topic";
                default -> predeclared.substring(4);
            };
            boolean internal = predeclared.equals("amq.rabbitmq.trace"); // the firehose: clients may not publish to it
            exchanges.put(predeclared, newExchange(predeclared, type, true, false, internal, Map.of()));
        }
    }

    /** This vhost's open channels and message totals (management API). */
    public VhostStatistics statistics() {
        return statistics;
    }

    /** This vhost's {@code max-connections} and {@code max-queues}. */
    public VhostLimits limits() {
        return limits;
    }

    public String name() {
        return name;
    }

    /** The vhost's firehose ({@code trace_on} / {@code trace_off}). */
    public Firehose firehose() {
        return firehose;
    }

    /** The node's storage, or null. */
    public Persistence persistence() {
        return persistence;
    }

    /** Whether {@code exchangeName} is one of the exchanges every vhost has ({@code amq.direct}, ...). */
    public boolean isPredeclared(String exchangeName) {
        return PREDECLARED.contains(exchangeName);
    }

    // ---- exchanges ----------------------------------------------------------------------------

    public Exchange exchangeOrNull(String exchangeName) {
        return exchanges.get(exchangeName);
    }

    /** The exchange, or 404 "no exchange 'x' in vhost '/'". */
    public Exchange exchange(String exchangeName, Method cause) {
        Exchange exchange = exchanges.get(exchangeName);
        if (exchange == null) throw notFound("exchange", exchangeName, cause);
        return exchange;
    }

    public Collection<Exchange> exchanges() {
        return exchanges.values();
    }

    public synchronized Exchange declareExchange(String exchangeName, String type, boolean passive, boolean durable,
                                                 boolean autoDelete, boolean internal, Map<String, Object> arguments,
                                                 Method cause) {
        if (exchangeName.isEmpty()) throw defaultExchangeRefused(cause);
        Exchange existing = exchanges.get(exchangeName);
        if (passive) {
            if (existing == null) throw notFound("exchange", exchangeName, cause);
            return existing;
        }
        if (existing == null && exchangeName.startsWith("amq.")) {
            throw ProtocolException.of(ReplyCode.ACCESS_REFUSED,
                    "exchange name '" + exchangeName + "' contains reserved prefix 'amq.*'", cause);
        }
        if (!ExchangeTypes.isKnown(type) && !type.equals(DELAYED_TYPE)) {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, ExchangeTypes.unknownTypeMessage(type), cause);
        }
        if (type.equals(DELAYED_TYPE) && !ExchangeTypes.isKnown(delayedType(arguments))) {
            throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED,
                    "Invalid argument, 'x-delayed-type' must be an existing exchange type", cause);
        }
        if (existing != null) {
            String resource = "exchange '" + exchangeName + "' in vhost '" + name + "'";
            Equivalence.property("type", existing.type(), type, resource, cause);
            Equivalence.property("durable", existing.durable(), durable, resource, cause);
            Equivalence.property("auto_delete", existing.autoDelete(), autoDelete, resource, cause);
            Equivalence.property("internal", existing.internal(), internal, resource, cause);
            Equivalence.arguments(existing.arguments(), arguments, EXCHANGE_EQUIVALENCE_KEYS, resource, cause);
            return existing;
        }
        Exchange created = newExchange(exchangeName, type, durable, autoDelete, internal, arguments);
        created.applyPolicy(policies.forExchange(exchangeName));
        if (type.equals(DELAYED_TYPE)) {
            QueueJournal journal = durable && persistence != null ? persistence.delayedJournal(name, exchangeName) : null;
            created.holdDelayedMessages(new DelayedMessages(this, created, queueLoops.next(), journal));
        }
        exchanges.put(exchangeName, created);
        if (durable) durableChanged.run();
        return created;
    }

    public synchronized void deleteExchange(String exchangeName, boolean ifUnused, Method cause) {
        if (exchangeName.isEmpty()) throw defaultExchangeRefused(cause);
        Exchange exchange = exchanges.get(exchangeName);
        if (exchange == null) return; // deleting what does not exist succeeds, as in RabbitMQ
        if (PREDECLARED.contains(exchangeName)) {
            throw ProtocolException.of(ReplyCode.ACCESS_REFUSED,
                    "deletion of system exchange '" + exchangeName + "' in vhost '" + name + "' not allowed", cause);
        }
        if (ifUnused && exchange.bindings().bindingCount() > 0) {
            throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED,
                    "exchange '" + exchangeName + "' in vhost '" + name + "' in use", cause);
        }
        removeExchange(exchange);
    }

    private void removeExchange(Exchange exchange) {
        exchanges.remove(exchange.name(), exchange);
        if (exchange.delayed() != null) exchange.delayed().discardAll();
        unbindEverywhere(exchange);
        if (exchange.durable()) durableChanged.run();
    }

    private static Exchange newExchange(String exchangeName, String type, boolean durable, boolean autoDelete,
                                        boolean internal, Map<String, Object> arguments) {
        String bindingType = type.equals(DELAYED_TYPE) ? delayedType(arguments) : type;
        ExchangeType<Object> bindings = ExchangeTypes.<Object>create(bindingType).orElseThrow();
        return new Exchange(exchangeName, type, durable, autoDelete, internal, arguments, bindings);
    }

    private static String delayedType(Map<String, Object> arguments) {
        Object inner = arguments.get("x-delayed-type");
        String name = inner == null ? null : inner.toString();
        return DELAYED_TYPE.equals(name) ? null : name;
    }

    // ---- queues -------------------------------------------------------------------------------

    public ClassicQueue queueOrNull(String queueName) {
        ClassicQueue queue = queues.get(queueName);
        return queue == null || queue.deleted() ? null : queue;
    }

    /** The queue, or 404 "no queue 'q' in vhost '/'"; 405 when another connection holds it exclusively. */
    public ClassicQueue queue(String queueName, Object connection, Method cause) {
        ClassicQueue queue = queueOrNull(queueName);
        if (queue == null) throw notFound("queue", queueName, cause);
        checkExclusiveAccess(queue, connection, cause);
        return queue;
    }

    public Collection<ClassicQueue> queues() {
        return queues.values();
    }

    /**
     * Declares (or checks, or redeclares) a queue; the name must already be resolved (no empty name).
     * A new queue lives on {@code loop}, the declaring connection's event loop: the declarer is
     * usually its consumer or publisher, so one side of each message needs no thread hop.
     */
    public synchronized ClassicQueue declareQueue(String queueName, boolean passive, boolean durable, boolean exclusive,
                                                  boolean autoDelete, Map<String, Object> arguments, Object connection,
                                                  EventExecutor loop, boolean serverNamed, Method cause) {
        ClassicQueue existing = queueOrNull(queueName);
        if (passive) {
            if (existing == null) throw notFound("queue", queueName, cause);
            checkExclusiveAccess(existing, connection, cause);
            existing.touch(); // as in RabbitMQ, any declare renews an x-expires lease
            return existing;
        }
        String resource = "queue '" + queueName + "' in vhost '" + name + "'";
        if (existing == null && !serverNamed && queueName.startsWith("amq.")) {
            throw ProtocolException.of(ReplyCode.ACCESS_REFUSED,
                    "queue name '" + queueName + "' contains reserved prefix 'amq.*'", cause);
        }
        QueueArguments.validate(arguments, resource, cause);
        if (existing != null) {
            checkExclusiveAccess(existing, connection, cause);
            if (existing.exclusive() != exclusive) throw resourceLocked(queueName, cause);
            Equivalence.property("durable", existing.durable(), durable, resource, cause);
            Equivalence.property("auto_delete", existing.autoDelete(), autoDelete, resource, cause);
            Equivalence.arguments(QueueArguments.withDefaults(existing.arguments()), QueueArguments.withDefaults(arguments),
                    QueueArguments.EQUIVALENCE_KEYS, resource, cause);
            existing.touch();
            return existing;
        }
        ClassicQueue[] created = new ClassicQueue[1];
        boolean journaled = durable && !exclusive && persistence != null;
        created[0] = new ClassicQueue(queueName, name, durable, autoDelete, exclusive ? connection : null, arguments,
                settingsFor(queueName, arguments), loop != null ? loop : queueLoops.next(), deadLetterRoute(),
                journaled ? persistence.journal(name, queueName) : null, persistence, () -> removeQueue(created[0]));
        queues.put(queueName, created[0]);
        if (journaled) durableChanged.run();
        return created[0];
    }

    /** Deletes a queue (queue.delete): its consumers are cancelled and its bindings go. Returns the message count. */
    public CompletableFuture<Integer> deleteQueue(ClassicQueue queue, boolean ifUnused, boolean ifEmpty) {
        return queue.delete(ifUnused, ifEmpty).thenApply(count -> {
            removeQueue(queue);
            return count;
        });
    }

    /**
     * Node shutdown: every queue lets go of what it holds in memory; durable queues keep their journals
     * and come back at the next start. Completes when all are done.
     */
    public CompletableFuture<Void> closeAllQueues() {
        return CompletableFuture.allOf(queues.values().stream()
                .map(ClassicQueue::closeForShutdown)
                .toArray(CompletableFuture[]::new));
    }

    /** Deletes every exclusive queue of a connection that is closing. */
    public void deleteExclusiveQueues(Object connection) {
        for (ClassicQueue queue : queues.values()) {
            if (queue.exclusiveOwner() == connection) deleteQueue(queue, false, false);
        }
    }

    /** Forgets a deleted queue: out of the map, out of every exchange's bindings. */
    public synchronized void removeQueue(ClassicQueue queue) {
        if (!queues.remove(queue.name(), queue)) return;
        unbindEverywhere(queue);
        if (queue.journal() != null) durableChanged.run();
    }

    private void checkExclusiveAccess(ClassicQueue queue, Object connection, Method cause) {
        if (queue.exclusive() && queue.exclusiveOwner() != connection) throw resourceLocked(queue.name(), cause);
    }

    private ProtocolException resourceLocked(String queueName, Method cause) {
        return ProtocolException.of(ReplyCode.RESOURCE_LOCKED, "cannot obtain exclusive access to locked queue '"
                + queueName + "' in vhost '" + name + "'. It could be originally declared on another connection or the "
                + "exclusive property value does not match that of the original declaration.", cause);
    }

    private QueueSettings settingsFor(String queueName, Map<String, Object> arguments) {
        Policy policy = policies.forQueue(queueName);
        return policy == null ? QueueSettings.resolve(arguments, null, Map.of())
                : QueueSettings.resolve(arguments, policy.name(), policy.definition());
    }

    /** A route for one queue's dead letters, with its own router (used on that queue's thread only). */
    private DeadLetterRoute deadLetterRoute() {
        Router router = new Router();
        return (exchangeName, routingKeys, headers) -> {
            Exchange exchange = exchanges.get(exchangeName);
            return exchange == null ? List.of() : router.route(this, exchange, routingKeys, headers);
        };
    }

    // ---- policies -----------------------------------------------------------------------------

    /**
     * Adds or replaces a policy and applies it at once to every matching queue and exchange: when
     * this returns (off the queues' threads), every queue has its new settings, so a publish made
     * next sees them.
     */
    public void setPolicy(Policy policy) {
        CompletableFuture<Void> applied;
        synchronized (this) {
            policies.put(policy);
            applied = reapplyPolicies();
            durableChanged.run();
        }
        awaitApplied(applied);
    }

    /** Removes a policy (as {@link #setPolicy}, applied when this returns); returns false when there was none of that name. */
    public boolean clearPolicy(String policyName) {
        CompletableFuture<Void> applied;
        synchronized (this) {
            if (policies.remove(policyName) == null) return false;
            applied = reapplyPolicies();
            durableChanged.run();
        }
        awaitApplied(applied);
        return true;
    }

    /** Waits (outside the vhost's lock: a queue's task may need it) unless called on a queue's own thread. */
    private void awaitApplied(CompletableFuture<Void> applied) {
        for (EventExecutor loop : queueLoops) if (loop.inEventLoop()) return;
        try {
            applied.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("vhost '{}': a policy change was not applied to every queue in time: {}", name, e.toString());
        }
    }

    public List<Policy> policies() {
        return policies.list();
    }

    public Policy policy(String policyName) {
        return policies.get(policyName);
    }

    private CompletableFuture<Void> reapplyPolicies() {
        List<CompletableFuture<Void>> applied = new ArrayList<>();
        for (ClassicQueue queue : queues.values()) {
            QueueSettings updated = settingsFor(queue.name(), queue.arguments());
            if (!updated.equals(queue.settings())) applied.add(queue.applySettings(updated));
        }
        for (Exchange exchange : exchanges.values()) {
            if (!exchange.isDefault()) exchange.applyPolicy(policies.forExchange(exchange.name()));
        }
        return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new));
    }

    // ---- direct reply-to ----------------------------------------------------------------------

    public void registerDirectReply(String replyName, DirectReplyTarget target) {
        directReplies.put(replyName, target);
    }

    public void unregisterDirectReply(String replyName) {
        directReplies.remove(replyName);
    }

    public boolean hasDirectReply(String replyName) {
        return directReplies.containsKey(replyName);
    }

    /** Hands a reply to the channel that owns the reply name; false when none does (the reply is unroutable). */
    public boolean deliverDirectReply(String replyName, io.warren.broker.message.Message message) {
        DirectReplyTarget target = directReplies.get(replyName);
        if (target == null) return false;
        target.deliverReply(message);
        return true;
    }

    // ---- bindings -----------------------------------------------------------------------------

    public synchronized void bind(Exchange source, Object destination, String key, Map<String, Object> arguments, Method cause) {
        if (source.isDefault() || destination == defaultExchange) throw defaultExchangeRefused(cause);
        source.bindings().validateBinding(key, arguments).ifPresent(problem -> {
            throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, problem, cause);
        });
        if (source.bindings().bind(destination, key, arguments) && isDurableBinding(source, destination)) durableChanged.run();
    }

    private static boolean isDurableBinding(Exchange source, Object destination) {
        if (!source.durable()) return false;
        if (destination instanceof ClassicQueue queue) return queue.durable() && !queue.exclusive();
        return destination instanceof Exchange exchange && exchange.durable();
    }

    public synchronized void unbind(Exchange source, Object destination, String key, Map<String, Object> arguments, Method cause) {
        if (source.isDefault() || destination == defaultExchange) throw defaultExchangeRefused(cause);
        if (source.bindings().unbind(destination, key, arguments)) {
            if (isDurableBinding(source, destination)) durableChanged.run();
            deleteIfAutoDeleteAndUnused(source);
        }
    }

    private void unbindEverywhere(Object destination) {
        List<Exchange> emptied = new ArrayList<>();
        for (Exchange exchange : exchanges.values()) {
            if (exchange.isDefault()) continue;
            if (exchange.bindings().unbindAll(destination) > 0 && exchange.autoDelete()
                    && exchange.bindings().bindingCount() == 0) {
                emptied.add(exchange);
            }
        }
        emptied.forEach(this::removeExchange);
    }

    private void deleteIfAutoDeleteAndUnused(Exchange exchange) {
        if (exchange.autoDelete() && exchange.bindings().bindingCount() == 0) removeExchange(exchange);
    }

    // ---- errors -------------------------------------------------------------------------------

    private ProtocolException notFound(String kind, String resourceName, Method cause) {
        return ProtocolException.of(ReplyCode.NOT_FOUND, "no " + kind + " '" + resourceName + "' in vhost '" + name + "'", cause);
    }

    static ProtocolException defaultExchangeRefused(Method cause) {
        return ProtocolException.of(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange", cause);
    }
}
