package io.warren.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP management API and UI.
 *
 * @param tcp             plain HTTP listener ({@code management.tcp.ip}, {@code management.tcp.port})
 * @param ssl             HTTPS listener, present once {@code management.ssl.port} is set ({@code management.ssl.ip})
 * @param tls             certificates and TLS settings for {@code ssl} ({@code management.ssl.*})
 * @param loadDefinitions definitions file (JSON export) imported when the management plugin starts
 *                        ({@code management.load_definitions})
 */
public record ManagementOptions(Listener tcp, Optional<Listener> ssl, TlsOptions tls, Optional<Path> loadDefinitions) {
    public ManagementOptions {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(ssl, "ssl");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(loadDefinitions, "loadDefinitions");
    }
}
