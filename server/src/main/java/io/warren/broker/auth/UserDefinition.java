package io.warren.broker.auth;

import java.util.List;
import java.util.Objects;

/**
 * A user as RabbitMQ's definitions JSON holds it:
 * {@code {"name", "password_hash", "hashing_algorithm", "tags"}}. The hash is base64 of salt and digest
 * ({@link PasswordHashing}); an empty hash means the user has no password and may log in only by
 * certificate (EXTERNAL).
 *
 * @param name             the user name ({@code name})
 * @param passwordHash     base64 salted hash ({@code password_hash})
 * @param hashingAlgorithm RabbitMQ's algorithm name, e.g. {@code rabbit_password_hashing_sha256} ({@code hashing_algorithm})
 * @param tags             e.g. {@code administrator}; they gate the HTTP API only ({@code tags})
 */
public record UserDefinition(String name, String passwordHash, String hashingAlgorithm, List<String> tags) {
    public UserDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(hashingAlgorithm, "hashingAlgorithm");
        tags = List.copyOf(tags);
    }

    /** Whether {@code password} is this user's password; a blank password never is. */
    public boolean passwordMatches(String password) {
        if (password == null || password.isEmpty()) return false;
        return PasswordHashing.named(hashingAlgorithm).map(h -> h.matches(passwordHash, password)).orElse(false);
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "UserDefinition[name=" + name + ", hashingAlgorithm=" + hashingAlgorithm + ", tags=" + tags + "]";
    }
}
