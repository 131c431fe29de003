package io.warren.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * TLS settings for a set of listeners: {@code ssl_options.*} for AMQPS and {@code management.ssl.*}
 * for the HTTPS management API. Files are not checked for existence here; the listener does that
 * when it starts.
 *
 * @param caCertFile       PEM file with the certificate authorities that client certificates are checked against
 * @param certFile         PEM file with the broker's certificate (chain)
 * @param keyFile          PEM file with the broker's private key
 * @param keyPassword      password protecting {@code keyFile}, if it is encrypted
 * @param verify           whether clients are asked for a certificate that is then verified
 * @param failIfNoPeerCert with {@link PeerVerification#VERIFY_PEER}: reject clients that send no certificate
 * @param versions         TLS versions to enable, in preference order; empty means the JVM's defaults
 * @param depth            maximum number of intermediate certificates in a client's chain; empty means the JVM's default
 */
public record TlsOptions(
        Optional<Path> caCertFile,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        Optional<String> keyPassword,
        PeerVerification verify,
        boolean failIfNoPeerCert,
        List<TlsVersion> versions,
        OptionalInt depth) {

    public TlsOptions {
        Objects.requireNonNull(caCertFile, "caCertFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(keyPassword, "keyPassword");
        Objects.requireNonNull(verify, "verify");
        versions = List.copyOf(versions);
        Objects.requireNonNull(depth, "depth");
    }

    /** Whether both a certificate and a private key are configured, which a TLS listener needs. */
    public boolean hasCertificateAndKey() {
        return certFile.isPresent() && keyFile.isPresent();
    }

    /** Like the generated form, but never shows the key password. */
    @Override
    public String toString() {
        return "TlsOptions[caCertFile=" + caCertFile + ", certFile=" + certFile + ", keyFile=" + keyFile
                + ", keyPassword=" + keyPassword.map(p -> "****") + ", verify=" + verify
                + ", failIfNoPeerCert=" + failIfNoPeerCert + ", versions=" + versions + ", depth=" + depth + "]";
    }
}
