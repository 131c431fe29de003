package io.warren.broker.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who may log in: a known user with the right password, and a loopback-only user
 * ({@code loopback_users}) only from a loopback address (all of 127.0.0.0/8 and ::1, as RabbitMQ).
 * A blank password never authenticates. Thread-safe (immutable).
 */
public final class Authenticator {
    private final Map<String, String> passwords;
    private final Set<String> loopbackOnly;

    public Authenticator(Map<String, String> passwords, Set<String> loopbackOnly) {
        this.passwords = Map.copyOf(passwords);
        this.loopbackOnly = Set.copyOf(loopbackOnly);
    }

    /** The authenticated user name, or empty when the login is refused. */
    public Optional<String> authenticate(Credentials credentials, SocketAddress peer) {
        String expected = passwords.get(credentials.username());
        if (expected == null || credentials.password().isEmpty()) return Optional.empty();
        boolean passwordMatches = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), credentials.password().getBytes(StandardCharsets.UTF_8));
        if (!passwordMatches) return Optional.empty();
        if (loopbackOnly.contains(credentials.username()) && !isLoopback(peer)) return Optional.empty();
        return Optional.of(credentials.username());
    }

    /** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses. */
    public static boolean isLoopback(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress inet)) return true; // local (in-VM, unix) transports
        InetAddress address = inet.getAddress();
        return address != null && address.isLoopbackAddress();
    }
}
