package io.warren.config;

import static io.warren.config.ListenerAddressParser.host;
import static io.warren.config.ListenerAddressParser.listener;
import static io.warren.config.Setting.named;
import static io.warren.config.Setting.pattern;
import static io.warren.config.ValueParsers.port;
import static io.warren.config.ValueParsers.word;

import java.util.List;
import java.util.Optional;

/** Keys for where the broker listens: AMQP, AMQPS, management HTTP(S) and Prometheus. */
final class ListenerKeys {

    private ListenerKeys() {
    }

    static List<Setting<?>> settings() {
        return List.of(
                named("listeners.tcp", word("none", true, "no plain AMQP listeners"),
                        (b, none) -> b.tcpListeners.disable()),
                pattern("listeners.tcp.", "NAME", listener(), (b, name, l) -> b.tcpListeners.put(name, l)),
                named("listeners.ssl", word("none", true, "no AMQPS listeners"),
                        (b, none) -> b.sslListeners.disable()),
                pattern("listeners.ssl.", "NAME", listener(), (b, name, l) -> b.sslListeners.put(name, l)),

                named("management.tcp.port", port(),
                        (b, port) -> b.managementTcp = new Listener(b.managementTcp.host(), port)),
                named("management.tcp.ip", host(),
                        (b, host) -> b.managementTcp = new Listener(host, b.managementTcp.port())),
                named("management.ssl.port", port(), (b, port) -> b.managementSslPort = Optional.of(port)),
                named("management.ssl.ip", host(), (b, host) -> b.managementSslHost = host),

                named("prometheus.tcp.port", port(),
                        (b, port) -> b.prometheus = new Listener(b.prometheus.host(), port)),
                named("prometheus.tcp.ip", host(),
                        (b, host) -> b.prometheus = new Listener(host, b.prometheus.port())));
    }
}
