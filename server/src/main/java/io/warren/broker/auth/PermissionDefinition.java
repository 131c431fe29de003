package io.warren.broker.auth;

import java.util.Objects;

/**
 * A user's permissions in one virtual host as RabbitMQ's definitions JSON holds them:
 * {@code {"user", "vhost", "configure", "write", "read"}}. Each is a regular expression over resource
 * names (exchanges and queues), searched anywhere in the name as RabbitMQ does; the empty expression grants nothing.
 */
public record PermissionDefinition(String user, String vhost, String configure, String write, String read) {
    public PermissionDefinition {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
    }
}
