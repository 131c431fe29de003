package io.warren.broker.definitions;

import io.warren.broker.VirtualHosts;
import io.warren.broker.auth.PermissionDefinition;
import io.warren.broker.auth.TopicPermissionDefinition;
import io.warren.broker.auth.UserDatabase;
import io.warren.broker.auth.UserDatabaseSnapshot;
import io.warren.broker.auth.UserDefinition;
import io.warren.broker.connection.ServerProperties;
import io.warren.broker.policy.Policies;
import io.warren.broker.policy.Policy;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VhostLimits;
import io.warren.broker.vhost.VirtualHost;
import io.warren.routing.Binding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The node's definitions in RabbitMQ's format: exported from the live node ({@link #export}) and
 * applied to it ({@link #apply}) in RabbitMQ's dependency order: users, vhosts, permissions,
 * topic permissions, exchanges, policies and parameters (vhost limits), queues, bindings. Used to keep durable state across
 * restarts and by definitions import and export.
 */
public final class Definitions {
    private static final String VHOST_LIMITS = "vhost-limits";
    private final VirtualHosts vhosts;
    private final UserDatabase users;

    public Definitions(VirtualHosts vhosts, UserDatabase users) {
        this.vhosts = vhosts;
        this.users = users;
    }

    /** Everything durable on the node: users, vhosts, permissions, policies, durable exchanges, queues and bindings. */
    public DefinitionsDocument export() {
        UserDatabaseSnapshot snapshot = users.snapshot();
        List<DefinitionsDocument.User> userList = snapshot.users().stream()
                .map(u -> new DefinitionsDocument.User(u.name(), u.passwordHash(), u.hashingAlgorithm(), u.tags(), Map.of()))
                .toList();
        List<DefinitionsDocument.Permission> permissions = snapshot.permissions().stream()
                .map(p -> new DefinitionsDocument.Permission(p.user(), p.vhost(), p.configure(), p.write(), p.read())).toList();
        List<DefinitionsDocument.TopicPermission> topicPermissions = snapshot.topicPermissions().stream()
                .map(t -> new DefinitionsDocument.TopicPermission(t.user(), t.vhost(), t.exchange(), t.write(), t.read())).toList();
        List<DefinitionsDocument.Vhost> vhostList = new ArrayList<>();
        List<DefinitionsDocument.Policy> policies = new ArrayList<>();
        List<DefinitionsDocument.Queue> queues = new ArrayList<>();
        List<DefinitionsDocument.Exchange> exchanges = new ArrayList<>();
        List<DefinitionsDocument.Binding> bindings = new ArrayList<>();
        List<DefinitionsDocument.Parameter> parameters = new ArrayList<>();
        for (VirtualHost vhost : sorted(vhosts)) {
            String v = vhost.name();
            vhostList.add(new DefinitionsDocument.Vhost(v, Map.of(), Map.of()));
            if (vhost.limits().any()) parameters.add(limitsParameter(vhost));
            for (Policy p : vhost.policies()) {
                policies.add(new DefinitionsDocument.Policy(v, p.name(), p.pattern(), p.applyTo().text(), p.definition(), p.priority()));
            }
            for (ClassicQueue q : vhost.queues()) {
                if (!q.durable() || q.exclusive() || q.deleted()) continue;
                queues.add(new DefinitionsDocument.Queue(q.name(), v, true, q.autoDelete(), FieldValuesJson.toJson(q.arguments())));
            }
            for (Exchange x : vhost.exchanges()) {
                if (x.isDefault() || !x.durable()) continue;
                if (!vhost.isPredeclared(x.name())) {
                    exchanges.add(new DefinitionsDocument.Exchange(x.name(), v, x.type(), true, x.autoDelete(), x.internal(),
                            FieldValuesJson.toJson(x.arguments())));
                }
                for (Binding<Object> b : x.bindings().bindings()) {
                    Object d = b.destination();
                    if (d instanceof ClassicQueue q && q.durable() && !q.exclusive()) {
                        bindings.add(new DefinitionsDocument.Binding(x.name(), v, q.name(), "queue", b.key(),
                                FieldValuesJson.toJson(b.arguments())));
                    } else if (d instanceof Exchange e && e.durable()) {
                        bindings.add(new DefinitionsDocument.Binding(x.name(), v, e.name(), "exchange", b.key(),
                                FieldValuesJson.toJson(b.arguments())));
                    }
                }
            }
        }
        queues.sort(Comparator.comparing(DefinitionsDocument.Queue::vhost).thenComparing(DefinitionsDocument.Queue::name));
        exchanges.sort(Comparator.comparing(DefinitionsDocument.Exchange::vhost).thenComparing(DefinitionsDocument.Exchange::name));
        return new DefinitionsDocument(ServerProperties.RABBITMQ_COMPATIBLE_VERSION, ServerProperties.RABBITMQ_COMPATIBLE_VERSION, "Warren",
                ServerProperties.PRODUCT_VERSION, userList, vhostList, permissions, topicPermissions, parameters, List.of(),
                policies, queues, exchanges, bindings);
    }

    /**
     * Applies a document to the node, in RabbitMQ's order. With {@code replaceUsers} the users and
     * permissions become exactly the document's (node start); otherwise they are added or updated.
     */
    public void apply(DefinitionsDocument document, boolean replaceUsers) {
        List<UserDefinition> userList = document.users().stream()
                .map(u -> new UserDefinition(u.name(), u.passwordHash() == null ? "" : u.passwordHash(),
                        u.hashingAlgorithm() == null ? "rabbit_password_hashing_sha256" : u.hashingAlgorithm(), tags(u.tags())))
                .toList();
        List<PermissionDefinition> permissions = document.permissions().stream()
                .map(p -> new PermissionDefinition(p.user(), p.vhost(), p.configure(), p.write(), p.read())).toList();
        List<TopicPermissionDefinition> topics = document.topicPermissions().stream()
                .map(t -> new TopicPermissionDefinition(t.user(), t.vhost(), t.exchange(), t.write(), t.read())).toList();
        if (replaceUsers) {
            users.restore(new UserDatabaseSnapshot(userList, permissions, topics));
        } else {
            UserDatabaseSnapshot current = users.snapshot();
            List<UserDefinition> mergedUsers = new ArrayList<>(current.users());
            mergedUsers.removeIf(u -> userList.stream().anyMatch(n -> n.name().equals(u.name())));
            mergedUsers.addAll(userList);
            List<PermissionDefinition> mergedPermissions = new ArrayList<>(current.permissions());
            mergedPermissions.removeIf(p -> permissions.stream().anyMatch(n -> n.user().equals(p.user()) && n.vhost().equals(p.vhost())));
            mergedPermissions.addAll(permissions);
            List<TopicPermissionDefinition> mergedTopics = new ArrayList<>(current.topicPermissions());
            mergedTopics.removeIf(t -> topics.stream().anyMatch(n -> n.user().equals(t.user()) && n.vhost().equals(t.vhost())
                    && n.exchange().equals(t.exchange())));
            mergedTopics.addAll(topics);
            users.restore(new UserDatabaseSnapshot(mergedUsers, mergedPermissions, mergedTopics));
        }
        for (DefinitionsDocument.Vhost v : document.vhosts()) vhosts.add(v.name());
        for (DefinitionsDocument.Exchange x : document.exchanges()) {
            vhosts.add(x.vhost()).declareExchange(x.name(), x.type(), false, x.durable(), x.autoDelete(), x.internal(),
                    FieldValuesJson.fromJson(x.arguments()), null);
        }
        for (DefinitionsDocument.Policy p : document.policies()) {
            vhosts.add(p.vhost()).setPolicy(Policies.validate(p.vhost(), p.name(), p.pattern(), p.applyTo(),
                    p.priority() == null ? 0 : p.priority(), p.definition() == null ? Map.of() : p.definition()));
        }
        for (DefinitionsDocument.Parameter parameter : document.parameters()) {
            if (VHOST_LIMITS.equals(parameter.component()) && parameter.value() instanceof Map<?, ?> value) {
                VhostLimits limits = vhosts.add(parameter.vhost()).limits();
                if (value.get("max-connections") instanceof Number n) limits.maxConnections(n.intValue());
                if (value.get("max-queues") instanceof Number n) limits.maxQueues(n.intValue());
            }
        }
        for (DefinitionsDocument.Queue q : document.queues()) {
            vhosts.add(q.vhost()).declareQueue(q.name(), false, q.durable(), false, q.autoDelete(),
                    FieldValuesJson.fromJson(q.arguments()), null, null, false, null);
        }
        for (DefinitionsDocument.Binding b : document.bindings()) {
            VirtualHost vhost = vhosts.add(b.vhost());
            Exchange source = vhost.exchangeOrNull(b.source());
            Object destination = "exchange".equals(b.destinationType()) ? vhost.exchangeOrNull(b.destination())
                    : vhost.queueOrNull(b.destination());
            if (source == null || destination == null) continue;
            vhost.bind(source, destination, b.routingKey() == null ? "" : b.routingKey(),
                    FieldValuesJson.fromJson(b.arguments()), null);
        }
    }

    /** A vhost's limits as RabbitMQ exports them: parameter {@code vhost-limits / limits}. */
    private static DefinitionsDocument.Parameter limitsParameter(VirtualHost vhost) {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        if (vhost.limits().maxConnections() != VhostLimits.UNLIMITED) value.put("max-connections", vhost.limits().maxConnections());
        if (vhost.limits().maxQueues() != VhostLimits.UNLIMITED) value.put("max-queues", vhost.limits().maxQueues());
        return new DefinitionsDocument.Parameter(vhost.name(), VHOST_LIMITS, "limits", value);
    }

    private static List<String> tags(Object tags) {
        if (tags instanceof List<?> list) return list.stream().map(Object::toString).toList();
        if (tags instanceof String s && !s.isBlank()) return Arrays.stream(s.split(",")).map(String::trim).toList();
        return List.of();
    }

    private static List<VirtualHost> sorted(VirtualHosts vhosts) {
        return vhosts.all().stream().sorted(Comparator.comparing(VirtualHost::name)).toList();
    }
}
