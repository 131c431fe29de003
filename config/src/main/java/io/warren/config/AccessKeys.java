package io.warren.config;

import static io.warren.config.Setting.named;
import static io.warren.config.Setting.pattern;
import static io.warren.config.ValueParsers.bool;
import static io.warren.config.ValueParsers.nonEmptyText;
import static io.warren.config.ValueParsers.regex;
import static io.warren.config.ValueParsers.word;

import java.util.List;

/** Keys for the user created on first start and for users restricted to localhost. */
final class AccessKeys {

    private AccessKeys() {
    }

    static List<Setting<?>> settings() {
        return List.of(
                named("default_user", nonEmptyText(), (b, name) -> b.defaultUser = name),
                named("default_pass", nonEmptyText(), (b, password) -> b.defaultPass = password),
                named("default_vhost", nonEmptyText(), (b, vhost) -> b.defaultVhost = vhost),
                pattern("default_user_tags.", "TAG", bool(),
                        (b, tag, on) -> ConfigBuilder.include(b.defaultUserTags, tag, on)),
                named("default_permissions.configure", regex(), (b, regex) -> b.configurePermission = regex),
                named("default_permissions.write", regex(), (b, regex) -> b.writePermission = regex),
                named("default_permissions.read", regex(), (b, regex) -> b.readPermission = regex),
                named("loopback_users", word("none", true, "every user may connect remotely"),
                        (b, none) -> b.loopbackUsers.clear()),
                pattern("loopback_users.", "USERNAME", bool(),
                        (b, user, on) -> ConfigBuilder.include(b.loopbackUsers, user, on)));
    }
}
