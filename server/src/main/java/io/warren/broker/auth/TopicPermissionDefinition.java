package io.warren.broker.auth;

import java.util.Objects;

/**
 * A user's topic permissions on one topic exchange of a virtual host, as RabbitMQ's definitions JSON holds them:
 * {@code {"user", "vhost", "exchange", "write", "read"}}. {@code write} is matched against the routing key of
 * each publish, {@code read} against the binding key of each binding from the exchange; {@code {username}} and
 * {@code {vhost}} in them stand for the user's name and the vhost's.
 */
public record TopicPermissionDefinition(String user, String vhost, String exchange, String write, String read) {
    public TopicPermissionDefinition {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
    }
}
