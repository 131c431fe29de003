package io.warren.broker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.broker.auth.UserDatabaseChange.Kind;
import io.warren.config.BrokerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserDatabaseTest {
    private final UserDatabase users = new UserDatabase();

    @Test
    void seededWithTheConfiguredDefaultUser() {
        UserDatabase seeded = UserDatabase.withDefaultUser(BrokerConfig.defaults().defaultUser());
        UserDefinition guest = seeded.user("guest").orElseThrow();
        assertEquals("rabbit_password_hashing_sha256", guest.hashingAlgorithm());
        assertEquals(List.of("administrator"), guest.tags());
        assertTrue(guest.passwordMatches("guest"));
        assertTrue(seeded.permissions("guest", "/").allows(Permission.CONFIGURE, "anything"));
        assertNull(seeded.permissions("guest", "other"));
    }

    @Test
    void adminMethodsAndTheirErrors() {
        users.addUser("u", "pw", List.of("monitoring"));
        assertEquals(UserAdminException.Reason.USER_EXISTS,
                assertThrows(UserAdminException.class, () -> users.addUser("u", "x", List.of())).reason());
        UserAdminException missing = assertThrows(UserAdminException.class, () -> users.deleteUser("nobody"));
        assertEquals("User \"nobody\" does not exist", missing.getMessage());
        assertThrows(UserAdminException.class, () -> users.setPermissions("nobody", "/", ".*", ".*", ".*"));
        assertEquals(UserAdminException.Reason.INVALID,
                assertThrows(UserAdminException.class, () -> users.setPermissions("u", "/", "(", ".*", ".*")).reason());
        assertNull(users.permissions("u", "/"), "a refused change changes nothing");

        users.setTags("u", List.of("administrator", "management"));
        assertEquals(List.of("administrator", "management"), users.user("u").orElseThrow().tags());
        users.changePassword("u", "new");
        assertTrue(users.user("u").orElseThrow().passwordMatches("new"));

        users.setPermissions("u", "/", "^c", "^w", "^r");
        VhostPermissions p = users.permissions("u", "/");
        assertTrue(p.allows(Permission.CONFIGURE, "c1"));
        assertFalse(p.allows(Permission.CONFIGURE, "w1"));
        users.clearPermissions("u", "/");
        assertNull(users.permissions("u", "/"));

        users.setTopicPermissions("u", "/", "amq.topic", "^{username}\\.", "^{vhost}\\.");
        users.setTopicPermissions("u", "/", "other", "", ".*");
        TopicPermissions t = users.topicPermissions("u", "/").get("amq.topic");
        assertTrue(t.allows(Permission.WRITE, "u.x"));
        assertFalse(t.allows(Permission.WRITE, "v.x"));
        assertTrue(t.allows(Permission.READ, "/.x"));
        assertTrue(users.topicPermissions("u", "/").get("other").allows(Permission.WRITE, ""), "empty means ^$");
        assertFalse(users.topicPermissions("u", "/").get("other").allows(Permission.WRITE, "a"));
        users.clearTopicPermissions("u", "/", "other");
        assertEquals(1, users.topicPermissions("u", "/").size());
        users.clearTopicPermissions("u", "/");
        assertTrue(users.topicPermissions("u", "/").isEmpty());

        users.setPermissions("u", "/", ".*", ".*", ".*");
        users.deleteUser("u");
        assertTrue(users.user("u").isEmpty());
        assertNull(users.permissions("u", "/"), "permissions go with the user");
    }

    @Test
    void patternsAreSearchedAnywhereAsRabbitMqDoes() {
        users.addUser("u", "pw", List.of());
        users.setPermissions("u", "/", "foo", "", "^bar$");
        VhostPermissions p = users.permissions("u", "/");
        assertTrue(p.allows(Permission.CONFIGURE, "xfooy"));
        assertFalse(p.allows(Permission.WRITE, "anything"), "the empty expression grants nothing");
        assertTrue(p.allows(Permission.READ, "bar"));
        assertFalse(p.allows(Permission.READ, "barbar"));
    }

    @Test
    void everyChangeBumpsTheVersionAndTellsTheListeners() {
        List<UserDatabaseChange> seen = new ArrayList<>();
        users.addChangeListener(seen::add);
        long before = users.version();
        users.addUser("u", "pw", List.of());
        users.setPermissions("u", "v", ".*", ".*", ".*");
        users.setTopicPermissions("u", "v", "x", ".*", ".*");
        users.clearVhost("v");
        users.deleteUser("u");
        assertEquals(before + 5, users.version());
        assertEquals(List.of(Kind.USER_ADDED, Kind.PERMISSIONS_SET, Kind.TOPIC_PERMISSIONS_SET, Kind.VHOST_CLEARED,
                Kind.USER_DELETED), seen.stream().map(UserDatabaseChange::kind).toList());
        assertEquals(new UserDatabaseChange(Kind.TOPIC_PERMISSIONS_SET, "u", "v", "x"), seen.get(2));
    }

    @Test
    void snapshotAndRestoreRoundTripInDefinitionsShape() {
        users.addUser("b", "pw", List.of("administrator"));
        users.addUser("a", "pw", List.of());
        users.setPermissions("a", "/", "^a", "^a", "^a");
        users.setTopicPermissions("a", "/", "amq.topic", "w", "r");
        UserDatabaseSnapshot snapshot = users.snapshot();
        assertEquals(List.of("a", "b"), snapshot.users().stream().map(UserDefinition::name).toList());
        assertEquals(List.of(new PermissionDefinition("a", "/", "^a", "^a", "^a")), snapshot.permissions());
        assertEquals(List.of(new TopicPermissionDefinition("a", "/", "amq.topic", "w", "r")), snapshot.topicPermissions());

        UserDatabase copy = new UserDatabase();
        copy.addUser("gone", "pw", List.of());
        copy.restore(snapshot);
        assertEquals(snapshot, copy.snapshot());
        assertTrue(copy.user("gone").isEmpty(), "restore replaces");
        assertTrue(copy.user("b").orElseThrow().passwordMatches("pw"));
    }

    @Test
    void restoreAcceptsImportedSha512AndMd5UsersAndRefusesBadInputWhole() {
        var imported = new UserDatabaseSnapshot(List.of(
                new UserDefinition("s", "dDHgrokvi2DVRwQRiAE0dDEW9WPRbzienpQkXaeG3/L0ymmz+HUCSkLrWux38dserZt1pXFyYufd5PkCqblizMGiZ9c=",
                        "rabbit_password_hashing_sha512", List.of()),
                new UserDefinition("m", "kaI81BIiEYzx3dTDsAyTV7zGjv0=", "rabbit_password_hashing_md5", List.of())),
                List.of(), List.of());
        users.restore(imported);
        assertTrue(users.user("s").orElseThrow().passwordMatches("secret"));
        assertTrue(users.user("m").orElseThrow().passwordMatches("secret"));
        long version = users.version();
        var bad = new UserDatabaseSnapshot(List.of(new UserDefinition("x", "", "bcrypt", List.of())), List.of(), List.of());
        assertThrows(UserAdminException.class, () -> users.restore(bad));
        var orphan = new UserDatabaseSnapshot(List.of(), List.of(new PermissionDefinition("nobody", "/", "", "", "")), List.of());
        assertThrows(UserAdminException.class, () -> users.restore(orphan));
        assertEquals(version, users.version());
        assertTrue(users.user("s").isPresent());
        assertNotEquals(0, users.users().size());
    }
}
