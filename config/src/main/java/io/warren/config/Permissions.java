package io.warren.config;

import java.util.Objects;

/**
 * Regular expressions over resource names (exchanges and queues) that a user may configure, write to
 * and read from in a virtual host, as in RabbitMQ's {@code set_permissions}. An empty expression grants nothing.
 *
 * @param configure resources the user may declare and delete
 * @param write     resources the user may publish to or bind to
 * @param read      resources the user may consume from or bind from
 */
public record Permissions(String configure, String write, String read) {
    public Permissions {
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
    }
}
