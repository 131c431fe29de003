package io.warren.broker.net;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.warren.config.PeerVerification;
import io.warren.config.TlsOptions;
import io.warren.config.TlsVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the server side of TLS from {@code ssl_options.*}, with the JDK's TLS engine: the certificate chain and
 * private key (PEM, PKCS#8), the CA certificates client certificates are checked against, whether clients are asked
 * for a certificate ({@code verify}) and refused without one ({@code fail_if_no_peer_cert}), the protocol
 * versions, and the longest client chain ({@code depth}).
 */
public final class TlsContexts {
    private TlsContexts() {}

    public static SslContext server(TlsOptions options) throws IOException {
        Path cert = options.certFile().orElseThrow(() -> new IOException("ssl_options.certfile is not set"));
        Path key = options.keyFile().orElseThrow(() -> new IOException("ssl_options.keyfile is not set"));
        requireReadable(cert, "ssl_options.certfile");
        requireReadable(key, "ssl_options.keyfile");
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(cert.toFile(), key.toFile(), options.keyPassword().orElse(null))
                    .sslProvider(SslProvider.JDK);
            if (options.verify() == PeerVerification.VERIFY_PEER) {
                builder.clientAuth(options.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
                if (options.caCertFile().isPresent()) builder.trustManager(trustManager(options));
            } else {
                builder.clientAuth(ClientAuth.NONE);
            }
            if (!options.versions().isEmpty()) {
                builder.protocols(options.versions().stream().map(TlsVersion::jsseName).toArray(String[]::new));
            }
            return builder.build();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot set up TLS from " + cert + " and " + key + ": " + e.getMessage(), e);
        }
    }

    /** Trusts the CA file's certificates, limiting client chains to {@code depth} intermediates when set. */
    private static TrustManagerFactory trustManager(TlsOptions options) throws IOException, GeneralSecurityException {
        Path caFile = options.caCertFile().orElseThrow();
        requireReadable(caFile, "ssl_options.cacertfile");
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, (X509Certificate) certificate);
            }
        }
        if (trusted.size() == 0) throw new IOException("no certificate in ssl_options.cacertfile " + caFile);
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(trusted, new X509CertSelector());
        parameters.setRevocationEnabled(false);
        options.depth().ifPresent(parameters::setMaxPathLength);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(new CertPathTrustManagerParameters(parameters));
        return factory;
    }

    private static void requireReadable(Path file, String key) throws IOException {
        if (!Files.isReadable(file)) throw new IOException(key + " " + file + " cannot be read");
    }
}
