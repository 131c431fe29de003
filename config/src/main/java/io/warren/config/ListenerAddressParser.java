package io.warren.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses listener addresses as RabbitMQ writes them: a bare port ({@code 5672}, meaning every interface),
 * {@code host:port} ({@code 127.0.0.1:5672}), or an IPv6 host with or without brackets
 * ({@code [::1]:5672}, {@code ::1:5672}; without brackets the last colon separates the port).
 */
final class ListenerAddressParser {

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._%:-]+");

    private ListenerAddressParser() {
    }

    /** A listener address. */
    static ValueParser<Listener> listener() {
        return ValueParser.of("a port (5672) or host:port (127.0.0.1:5672, [::1]:5672) with a port from 0 to 65535",
                ListenerAddressParser::parseListener);
    }

    /** A host name or IP address to bind; IPv6 addresses may be written in brackets. */
    static ValueParser<String> host() {
        return ValueParser.of("a host name or IP address (127.0.0.1, ::1, [::1], localhost)",
                ListenerAddressParser::parseHost);
    }

    private static Optional<Listener> parseListener(String text) {
        if (PORT.matcher(text).matches()) {
            return parsePort(text).map(Listener::allInterfaces);
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        Optional<String> host = parseHost(text.substring(0, colon));
        Optional<Integer> port = parsePort(text.substring(colon + 1));
        return host.flatMap(h -> port.map(p -> new Listener(h, p)));
    }

    private static Optional<String> parseHost(String text) {
        String host = text;
        if (text.startsWith("[") && text.endsWith("]")) {
            host = text.substring(1, text.length() - 1);
            if (!host.contains(":")) {
                return Optional.empty();
            }
        }
        return HOST.matcher(host).matches() && !host.equals(":")
                ? Optional.of(host)
                : Optional.empty();
    }

    private static Optional<Integer> parsePort(String text) {
        if (!PORT.matcher(text).matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? Optional.of(port) : Optional.empty();
    }
}
