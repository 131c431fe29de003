package io.warren.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The mutable draft of a {@link TlsOptions} while configuration sources are applied. */
final class TlsBuilder {

    Optional<Path> caCertFile;
    Optional<Path> certFile;
    Optional<Path> keyFile;
    Optional<String> keyPassword;
    PeerVerification verify;
    boolean failIfNoPeerCert;
    /** Enabled versions by the {@code N} of {@code versions.N}, in the order they were first set. */
    final Map<String, TlsVersion> versions = new LinkedHashMap<>();
    OptionalInt depth;

    /** A draft holding the values of {@code options}. */
    static TlsBuilder from(TlsOptions options) {
        TlsBuilder builder = new TlsBuilder();
        builder.caCertFile = options.caCertFile();
        builder.certFile = options.certFile();
        builder.keyFile = options.keyFile();
        builder.keyPassword = options.keyPassword();
        builder.verify = options.verify();
        builder.failIfNoPeerCert = options.failIfNoPeerCert();
        for (TlsVersion version : options.versions()) {
            builder.versions.put(Integer.toString(builder.versions.size() + 1), version);
        }
        builder.depth = options.depth();
        return builder;
    }

    TlsOptions build() {
        return new TlsOptions(caCertFile, certFile, keyFile, keyPassword, verify, failIfNoPeerCert,
                new ArrayList<>(versions.values()), depth);
    }
}
