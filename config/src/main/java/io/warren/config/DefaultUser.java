package io.warren.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The user and virtual host the broker creates on first start, when its data directory is empty.
 *
 * @param username    the user's name ({@code default_user})
 * @param password    the user's password ({@code default_pass})
 * @param vhost       the virtual host created and granted to the user ({@code default_vhost})
 * @param tags        the user's tags, e.g. {@code administrator} ({@code default_user_tags.TAG = true})
 * @param permissions the user's permissions in {@code vhost} ({@code default_permissions.*})
 */
public record DefaultUser(String username, String password, String vhost, Set<String> tags, Permissions permissions) {

    public DefaultUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(vhost, "vhost");
        tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
        Objects.requireNonNull(permissions, "permissions");
    }

    /** Like the generated form, but never shows the password. */
    @Override
    public String toString() {
        return "DefaultUser[username=" + username + ", password=****, vhost=" + vhost
                + ", tags=" + tags + ", permissions=" + permissions + "]";
    }
}
