package io.warren.broker.auth;

import io.warren.broker.ProtocolException;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.BasicMethod;
import io.warren.codec.LongString;
import io.warren.codec.Method;
import io.warren.codec.ReplyCode;
import java.util.HashMap;
import java.util.Map;

/**
 * What one user may do in one virtual host: the checks RabbitMQ makes before each AMQP operation, in its order
 * and with its 403 texts ({@code access to queue 'q' in vhost '/' refused for user 'u'}). One method per row
 * of the permission table:
 *
 * <pre>
 * operation                                   configure   write       read
 * exchange.declare / delete                   exchange
 * exchange.declare with alternate-exchange    exchange    AE          exchange
 * queue.declare / delete                      queue
 * queue.declare with x-dead-letter-exchange   queue       DLX         queue
 * queue.bind / unbind                                     queue       exchange
 * exchange.bind / unbind                                  destination source
 * basic.publish                                           exchange
 * basic.get / consume, queue.purge                                    queue
 * </pre>
 *
 * The default exchange is checked as {@code amq.default}; passive declarations are not checked, as in RabbitMQ.
 * Topic exchanges add topic permissions: a publish's routing key against {@code write}, a binding's key against
 * {@code read}; an exchange without topic permissions for the user allows every key.
 *
 * <p>Confined to one connection's event loop. It caches the compiled permissions and which exchanges it may
 * publish to, and drops the cache whenever the {@link UserDatabase} changes, so a change applies to the next
 * operation without reconnecting.
 */
public final class AccessControl {
    private static final int WRITE_CACHE_LIMIT = 256;
    private static final String DEFAULT_EXCHANGE = "amq.default";

    private final UserDatabase users;
    private final String user;
    private final String vhost;
    private long seenVersion = Long.MIN_VALUE;
    private VhostPermissions permissions;
    private Map<String, TopicPermissions> topicPermissions = Map.of();
    private final Map<String, Boolean> exchangeWrite = new HashMap<>();

    public AccessControl(UserDatabase users, String user, String vhost) {
        this.users = users;
        this.user = user;
        this.vhost = vhost;
    }

    // ---- one check per operation --------------------------------------------------------------

    /** exchange.declare: configure on the exchange; for a new one with an alternate exchange, read on it and write on the AE. */
    public void exchangeDeclare(VirtualHost vhost, String name, boolean passive, Map<String, Object> arguments,
                                Method cause) {
        if (passive || name.isEmpty()) return; // the default exchange is refused by the vhost, without a permission check
        require(Permission.CONFIGURE, "exchange", name, cause);
        if (vhost.exchangeOrNull(name) != null || name.startsWith("amq.")) return; // reserved names are refused next
        String alternate = stringArgument(arguments, "alternate-exchange");
        if (alternate != null) {
            require(Permission.READ, "exchange", name, cause);
            require(Permission.WRITE, "exchange", alternate, cause);
        }
    }

    /** exchange.delete: configure on the exchange (the default and system exchanges are refused by the vhost first). */
    public void exchangeDelete(String name, Method cause) {
        if (name.isEmpty() || name.startsWith("amq.")) return;
        require(Permission.CONFIGURE, "exchange", name, cause);
    }

    /**
     * queue.declare: configure on the queue; for a new queue, the vhost's {@code max-queues}, then with a
     * dead-letter exchange read on the queue and write on the DLX. {@code name} is resolved (server-named too).
     */
    public void queueDeclare(VirtualHost vhost, String name, boolean serverNamed, boolean passive,
                             Map<String, Object> arguments, Method cause) {
        if (passive) return;
        boolean exists = vhost.queueOrNull(name) != null;
        if (!exists && !serverNamed && name.startsWith("amq.")) return; // refused as reserved next
        require(Permission.CONFIGURE, "queue", name, cause);
        if (exists) return;
        vhost.limits().checkNewQueue(vhost.name(), name, vhost.queues().size(), cause);
        String deadLetterExchange = stringArgument(arguments, "x-dead-letter-exchange");
        if (deadLetterExchange != null) {
            require(Permission.READ, "queue", name, cause);
            require(Permission.WRITE, "exchange", deadLetterExchange, cause);
        }
    }

    /** queue.delete: configure on the queue ({@code name} resolved). */
    public void queueDelete(String name, Method cause) {
        require(Permission.CONFIGURE, "queue", name, cause);
    }

    /**
     * queue.bind / unbind and exchange.bind / unbind: write on the destination, then (the default exchange being
     * refused on either side) read on the source, then the topic permission on the binding key.
     *
     * @param destinationKind {@code queue} or {@code exchange}
     */
    public void bind(VirtualHost vhost, String destinationKind, String destination, String source, String key,
                     Method cause) {
        require(Permission.WRITE, destinationKind, destination, cause);
        if (source.isEmpty() || (destinationKind.equals("exchange") && destination.isEmpty())) {
            throw ProtocolException.of(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange", cause);
        }
        require(Permission.READ, "exchange", source, cause);
        Exchange exchange = vhost.exchangeOrNull(source);
        if (exchange != null && isTopic(exchange)) requireTopic(Permission.READ, source, key, cause);
    }

    /** basic.publish: write on the exchange, checked before it is looked up; then the topic permission on the routing key. */
    public void publish(VirtualHost vhost, BasicMethod.Publish publish) {
        refresh();
        String name = publish.exchange();
        Boolean allowed = exchangeWrite.get(name);
        if (allowed == null) {
            allowed = permissions != null && permissions.allows(Permission.WRITE, resourceName("exchange", name));
            if (exchangeWrite.size() >= WRITE_CACHE_LIMIT) exchangeWrite.clear();
            exchangeWrite.put(name, allowed);
        }
        if (!allowed) throw refused("exchange", name, publish);
        if (topicPermissions.isEmpty()) return;
        Exchange exchange = vhost.exchangeOrNull(name);
        if (exchange != null && isTopic(exchange) && !exchange.internal()) {
            requireTopic(Permission.WRITE, name, publish.routingKey(), publish);
        }
    }

    /** basic.get, basic.consume and queue.purge: read on the queue ({@code name} resolved). */
    public void queueRead(String name, Method cause) {
        require(Permission.READ, "queue", name, cause);
    }

    // ---- the checks -----------------------------------------------------------------------------

    private void require(Permission permission, String kind, String name, Method cause) {
        refresh();
        if (permissions == null || !permissions.allows(permission, resourceName(kind, name))) throw refused(kind, name, cause);
    }

    private void requireTopic(Permission permission, String exchange, String key, Method cause) {
        TopicPermissions topic = topicPermissions.get(exchange);
        if (topic != null && !topic.allows(permission, key)) {
            throw ProtocolException.of(ReplyCode.ACCESS_REFUSED, "access to topic '" + key + "' in exchange '" + exchange
                    + "' in vhost '" + vhost + "' refused for user '" + user + "'", cause);
        }
    }

    private ProtocolException refused(String kind, String name, Method cause) {
        return ProtocolException.of(ReplyCode.ACCESS_REFUSED, "access to " + kind + " '" + resourceName(kind, name)
                + "' in vhost '" + vhost + "' refused for user '" + user + "'", cause);
    }

    /** Picks up changes to the user database: a cheap volatile read when nothing changed. */
    private void refresh() {
        long version = users.version();
        if (version == seenVersion) return;
        seenVersion = version;
        permissions = users.permissions(user, vhost);
        topicPermissions = users.topicPermissions(user, vhost);
        exchangeWrite.clear();
    }

    private static String resourceName(String kind, String name) {
        return kind.equals("exchange") && name.isEmpty() ? DEFAULT_EXCHANGE : name;
    }

    private static boolean isTopic(Exchange exchange) {
        return exchange.type().equals("topic");
    }

    private static String stringArgument(Map<String, Object> arguments, String key) {
        Object value = arguments.get(key);
        return value instanceof LongString || value instanceof String ? value.toString() : null;
    }
}
