package io.warren.broker.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who may log in: a known user with the right password (or, by certificate, a known user), and a
 * loopback-only user ({@code loopback_users}) only from a loopback address (all of 127.0.0.0/8 and ::1, as
 * RabbitMQ). A blank password never authenticates. Thread-safe; reads the {@link UserDatabase} at each login,
 * so a new password or user applies to the next login.
 */
public final class Authenticator {
    private final UserDatabase users;
    private final Set<String> loopbackOnly;

    public Authenticator(UserDatabase users, Set<String> loopbackOnly) {
        this.users = users;
        this.loopbackOnly = Set.copyOf(loopbackOnly);
    }

    /** PLAIN and AMQPLAIN: the user must exist and the password must match its hash. */
    public Login authenticate(Credentials credentials, SocketAddress peer) {
        String name = credentials.username();
        Optional<UserDefinition> user = users.user(name);
        if (user.isEmpty() || !user.get().passwordMatches(credentials.password())) {
            return Login.refused(name, "user '" + name + "' - invalid credentials");
        }
        return checkLoopback(name, peer);
    }

    /** EXTERNAL: the certificate has proven the name; the user must exist. */
    public Login authenticateByCertificate(String name, SocketAddress peer) {
        if (users.user(name).isEmpty()) return Login.refused(name, "user '" + name + "' - invalid credentials");
        return checkLoopback(name, peer);
    }

    private Login checkLoopback(String name, SocketAddress peer) {
        if (loopbackOnly.contains(name) && !isLoopback(peer)) {
            return Login.refused(name, "user '" + name + "' can only connect via localhost");
        }
        return Login.accepted(name);
    }

    /** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses, and for in-process transports. */
    public static boolean isLoopback(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress inet)) return true; // local (in-VM, unix) transports
        InetAddress address = inet.getAddress();
        if (address == null) return false;
        if (address.isLoopbackAddress()) return true;
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && isIpv4Mapped(bytes) && bytes[12] == 127;
    }

    private static boolean isIpv4Mapped(byte[] ipv6) {
        for (int i = 0; i < 10; i++) if (ipv6[i] != 0) return false;
        return ipv6[10] == (byte) 0xFF && ipv6[11] == (byte) 0xFF;
    }
}
