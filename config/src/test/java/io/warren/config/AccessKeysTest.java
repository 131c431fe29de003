package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessKeysTest {

    @Test
    void defaultUserVhostAndPermissions() {
        BrokerConfig config = Conf.parse(
                "default_user = admin",
                "default_pass = s=cr3t",
                "default_vhost = production",
                "default_permissions.configure = ^amq\\.gen.*",
                "default_permissions.write = ^orders$",
                "default_permissions.read = ");
        DefaultUser user = config.defaultUser();
        assertEquals("admin", user.username());
        assertEquals("s=cr3t", user.password());
        assertEquals("production", user.vhost());
        assertEquals(new Permissions("^amq\\.gen.*", "^orders$", ""), user.permissions());
    }

    @Test
    void userTagsAreAddedAndRemoved() {
        BrokerConfig config = Conf.parse(
                "default_user_tags.administrator = false",
                "default_user_tags.monitoring = true",
                "default_user_tags.policymaker = true");
        assertEquals(Set.of("monitoring", "policymaker"), config.defaultUser().tags());
    }

    @Test
    void loopbackUsersAreAddedAndRemoved() {
        assertEquals(Set.of("admin"),
                Conf.parse("loopback_users.guest = false", "loopback_users.admin = true").loopbackUsers());
    }

    @Test
    void loopbackRestrictionCanBeLiftedForEveryone() {
        assertEquals(Set.of(), Conf.parse("loopback_users = none").loopbackUsers());
    }
}
