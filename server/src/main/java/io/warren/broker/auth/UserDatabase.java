package io.warren.broker.auth;

import io.warren.broker.auth.UserDatabaseChange.Kind;
import io.warren.config.DefaultUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The node's users, their permissions per virtual host and their topic permissions, in memory.
 *
 * <p><b>Reads</b> ({@link #user}, {@link #permissions}, {@link #topicPermissions}, {@link #version}) are
 * lock-free and may run on any thread; expressions are compiled when they are set, never when they are checked.
 * <b>Changes</b> are serialized on this object; each one bumps {@link #version}, which is how connections
 * notice that what they cached is stale, so a change applies to the next operation of every open
 * connection. Change listeners run after each change, on the changing thread, in order.
 *
 * <p>It does not know virtual hosts: callers check that a vhost exists before granting permissions in it,
 * and call {@link #clearVhost} when one is deleted. Persisting is a listener's business: it can take a
 * {@link #snapshot()} and later hand it to {@link #restore}.
 */
public final class UserDatabase {
    private record UserVhost(String user, String vhost) {}

    private final Map<String, UserDefinition> users = new ConcurrentHashMap<>();
    private final Map<UserVhost, VhostPermissions> permissions = new ConcurrentHashMap<>();
    /** Per user and vhost, an immutable map from exchange name to its topic permissions. */
    private final Map<UserVhost, Map<String, TopicPermissions>> topicPermissions = new ConcurrentHashMap<>();
    private final List<Consumer<UserDatabaseChange>> listeners = new CopyOnWriteArrayList<>();
    private volatile long version;

    /** An empty database. */
    public UserDatabase() {}

    /** A database holding the configured default user, with its tags and its permissions in the default vhost. */
    public static UserDatabase withDefaultUser(DefaultUser defaultUser) {
        UserDatabase database = new UserDatabase();
        database.addUser(defaultUser.username(), defaultUser.password(), defaultUser.tags());
        var p = defaultUser.permissions();
        database.setPermissions(defaultUser.username(), defaultUser.vhost(), p.configure(), p.write(), p.read());
        return database;
    }

    // ---- reads ---------------------------------------------------------------------------------

    public Optional<UserDefinition> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public List<UserDefinition> users() {
        return sorted(users.values(), Comparator.comparing(UserDefinition::name));
    }

    /** The user's permissions in the vhost, or null when it has none (and so no access to the vhost). */
    public VhostPermissions permissions(String user, String vhost) {
        return permissions.get(new UserVhost(user, vhost));
    }

    /** The user's topic permissions in the vhost by exchange name; empty when there are none. */
    public Map<String, TopicPermissions> topicPermissions(String user, String vhost) {
        return topicPermissions.getOrDefault(new UserVhost(user, vhost), Map.of());
    }

    /** A number that changes with every change, for caches to compare. */
    public long version() {
        return version;
    }

    // ---- users ---------------------------------------------------------------------------------

    /** Adds a user whose password is hashed with {@link PasswordHashing#DEFAULT}. */
    public synchronized void addUser(String name, String password, Collection<String> tags) {
        addUserWithHash(name, PasswordHashing.DEFAULT.hash(password), PasswordHashing.DEFAULT, tags);
    }

    /** Adds a user with an already hashed password; the empty hash makes a user who can only log in by certificate. */
    public synchronized void addUserWithHash(String name, String passwordHash, PasswordHashing hashing,
                                             Collection<String> tags) {
        requireName(name);
        if (users.containsKey(name)) throw UserAdminException.userExists(name);
        users.put(name, new UserDefinition(name, passwordHash, hashing.algorithmName(), List.copyOf(tags)));
        changed(Kind.USER_ADDED, name, null, null);
    }

    /** Deletes a user with all its permissions. Its open connections are the caller's to close. */
    public synchronized void deleteUser(String name) {
        if (users.remove(name) == null) throw UserAdminException.noSuchUser(name);
        permissions.keySet().removeIf(key -> key.user().equals(name));
        topicPermissions.keySet().removeIf(key -> key.user().equals(name));
        changed(Kind.USER_DELETED, name, null, null);
    }

    public synchronized void changePassword(String name, String newPassword) {
        UserDefinition user = existing(name);
        users.put(name, new UserDefinition(name, PasswordHashing.DEFAULT.hash(newPassword),
                PasswordHashing.DEFAULT.algorithmName(), user.tags()));
        changed(Kind.PASSWORD_CHANGED, name, null, null);
    }

    public synchronized void setTags(String name, Collection<String> tags) {
        UserDefinition user = existing(name);
        users.put(name, new UserDefinition(name, user.passwordHash(), user.hashingAlgorithm(), List.copyOf(tags)));
        changed(Kind.TAGS_CHANGED, name, null, null);
    }

    // ---- permissions ---------------------------------------------------------------------------

    /** Grants (or replaces) a user's permissions in a vhost; an invalid expression is refused and changes nothing. */
    public synchronized void setPermissions(String user, String vhost, String configure, String write, String read) {
        existing(user);
        VhostPermissions compiled = VhostPermissions.compile(new PermissionDefinition(user, vhost, configure, write, read));
        permissions.put(new UserVhost(user, vhost), compiled);
        changed(Kind.PERMISSIONS_SET, user, vhost, null);
    }

    /** Takes away a user's permissions in a vhost, and so its access to the vhost. */
    public synchronized void clearPermissions(String user, String vhost) {
        existing(user);
        permissions.remove(new UserVhost(user, vhost));
        changed(Kind.PERMISSIONS_CLEARED, user, vhost, null);
    }

    /** Sets (or replaces) a user's topic permissions on one exchange of a vhost. */
    public synchronized void setTopicPermissions(String user, String vhost, String exchange, String write, String read) {
        existing(user);
        TopicPermissions compiled = TopicPermissions.compile(new TopicPermissionDefinition(user, vhost, exchange, write, read));
        UserVhost key = new UserVhost(user, vhost);
        Map<String, TopicPermissions> byExchange = new HashMap<>(topicPermissions.getOrDefault(key, Map.of()));
        byExchange.put(exchange, compiled);
        topicPermissions.put(key, Map.copyOf(byExchange));
        changed(Kind.TOPIC_PERMISSIONS_SET, user, vhost, exchange);
    }

    /** Clears a user's topic permissions on every exchange of a vhost. */
    public synchronized void clearTopicPermissions(String user, String vhost) {
        existing(user);
        topicPermissions.remove(new UserVhost(user, vhost));
        changed(Kind.TOPIC_PERMISSIONS_CLEARED, user, vhost, null);
    }

    /** Clears a user's topic permissions on one exchange of a vhost. */
    public synchronized void clearTopicPermissions(String user, String vhost, String exchange) {
        existing(user);
        UserVhost key = new UserVhost(user, vhost);
        Map<String, TopicPermissions> byExchange = new HashMap<>(topicPermissions.getOrDefault(key, Map.of()));
        byExchange.remove(exchange);
        if (byExchange.isEmpty()) {
            topicPermissions.remove(key);
        } else {
            topicPermissions.put(key, Map.copyOf(byExchange));
        }
        changed(Kind.TOPIC_PERMISSIONS_CLEARED, user, vhost, exchange);
    }

    /** Forgets every permission and topic permission in a vhost that is being deleted. */
    public synchronized void clearVhost(String vhost) {
        permissions.keySet().removeIf(key -> key.vhost().equals(vhost));
        topicPermissions.keySet().removeIf(key -> key.vhost().equals(vhost));
        changed(Kind.VHOST_CLEARED, null, vhost, null);
    }

    // ---- snapshot and restore ------------------------------------------------------------------

    /** Everything held, sorted by user, vhost and exchange. */
    public synchronized UserDatabaseSnapshot snapshot() {
        List<PermissionDefinition> perms = sorted(permissions.values().stream().map(VhostPermissions::definition).toList(),
                Comparator.comparing(PermissionDefinition::user).thenComparing(PermissionDefinition::vhost));
        List<TopicPermissionDefinition> topics = sorted(topicPermissions.values().stream()
                        .flatMap(m -> m.values().stream()).map(TopicPermissions::definition).toList(),
                Comparator.comparing(TopicPermissionDefinition::user).thenComparing(TopicPermissionDefinition::vhost)
                        .thenComparing(TopicPermissionDefinition::exchange));
        return new UserDatabaseSnapshot(users(), perms, topics);
    }

    /**
     * Replaces everything with {@code snapshot}. The snapshot is checked whole first (known hashing algorithms,
     * valid expressions, permissions only for users it holds); if anything is wrong nothing changes.
     */
    public synchronized void restore(UserDatabaseSnapshot snapshot) {
        Map<String, UserDefinition> newUsers = new LinkedHashMap<>();
        for (UserDefinition user : snapshot.users()) {
            requireName(user.name());
            if (PasswordHashing.named(user.hashingAlgorithm()).isEmpty()) {
                throw new UserAdminException(UserAdminException.Reason.INVALID,
                        "unknown hashing algorithm '" + user.hashingAlgorithm() + "' for user \"" + user.name() + "\"");
            }
            newUsers.put(user.name(), user);
        }
        Map<UserVhost, VhostPermissions> newPermissions = new HashMap<>();
        for (PermissionDefinition p : snapshot.permissions()) {
            if (!newUsers.containsKey(p.user())) throw UserAdminException.noSuchUser(p.user());
            newPermissions.put(new UserVhost(p.user(), p.vhost()), VhostPermissions.compile(p));
        }
        Map<UserVhost, Map<String, TopicPermissions>> newTopics = new HashMap<>();
        for (TopicPermissionDefinition t : snapshot.topicPermissions()) {
            if (!newUsers.containsKey(t.user())) throw UserAdminException.noSuchUser(t.user());
            newTopics.computeIfAbsent(new UserVhost(t.user(), t.vhost()), k -> new HashMap<>())
                    .put(t.exchange(), TopicPermissions.compile(t));
        }
        users.clear();
        users.putAll(newUsers);
        permissions.clear();
        permissions.putAll(newPermissions);
        topicPermissions.clear();
        newTopics.forEach((key, byExchange) -> topicPermissions.put(key, Map.copyOf(byExchange)));
        changed(Kind.RESTORED, null, null, null);
    }

    /** Calls {@code listener} after every change, on the thread that made it. */
    public void addChangeListener(Consumer<UserDatabaseChange> listener) {
        listeners.add(listener);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private UserDefinition existing(String name) {
        UserDefinition user = users.get(name);
        if (user == null) throw UserAdminException.noSuchUser(name);
        return user;
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new UserAdminException(UserAdminException.Reason.INVALID, "user name must not be empty");
        }
    }

    private void changed(Kind kind, String user, String vhost, String exchange) {
        version++;
        UserDatabaseChange change = new UserDatabaseChange(kind, user, vhost, exchange);
        for (Consumer<UserDatabaseChange> listener : listeners) listener.accept(change);
    }

    private static <T> List<T> sorted(Collection<T> items, Comparator<T> order) {
        List<T> list = new ArrayList<>(items);
        list.sort(order);
        return list;
    }
}
