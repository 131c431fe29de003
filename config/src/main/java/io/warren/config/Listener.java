package io.warren.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A network address the broker accepts connections on.
 *
 * @param host the interface to bind: a host name, an IPv4 literal, an IPv6 literal without brackets,
 *             or {@link #ALL_INTERFACES} to bind every interface (IPv4 and IPv6)
 * @param port the TCP port, 0 to let the operating system pick a free one
 */
public record Listener(String host, int port) {

    /** The {@link #host()} value meaning "every interface" (the wildcard address). */
    public static final String ALL_INTERFACES = "*";

    public Listener {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty; use Listener.ALL_INTERFACES");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A listener on every interface. */
    public static Listener allInterfaces(int port) {
        return new Listener(ALL_INTERFACES, port);
    }

    /** Whether this listener binds the wildcard address rather than one interface. */
    public boolean isAllInterfaces() {
        return ALL_INTERFACES.equals(host);
    }

    /**
     * The address to bind. The wildcard address for {@link #ALL_INTERFACES}; otherwise the host is
     * resolved, which may consult DNS for host names.
     */
    public InetSocketAddress toSocketAddress() {
        return isAllInterfaces() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** {@code host:port}, with IPv6 hosts in brackets, e.g. {@code [::1]:5672} or {@code *:5672}. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
