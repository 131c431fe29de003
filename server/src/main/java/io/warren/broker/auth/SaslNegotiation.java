package io.warren.broker.auth;

import io.warren.broker.ProtocolException;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.ReplyCode;
import io.warren.config.AuthMechanism;
import io.warren.config.CertLoginFrom;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SASL exchange of one connection: which configured mechanisms it is offered in connection.start
 * (EXTERNAL only on TLS when the client presented a certificate), and the login its start-ok asks for.
 * Immutable.
 */
public final class SaslNegotiation {
    private final List<SaslMechanism> configured;
    private final List<SaslMechanism> offered;
    private final Optional<X509Certificate> clientCertificate;
    private final CertLoginFrom certLoginFrom;

    /**
     * @param configured        {@code auth_mechanisms}, in announcement order
     * @param clientCertificate the verified TLS client certificate, empty on plain TCP or without one
     */
    public SaslNegotiation(List<AuthMechanism> configured, Optional<X509Certificate> clientCertificate,
                           CertLoginFrom certLoginFrom) {
        this.configured = configured.stream().map(m -> SaslMechanism.valueOf(m.name())).toList();
        this.offered = this.configured.stream()
                .filter(m -> m != SaslMechanism.EXTERNAL || clientCertificate.isPresent())
                .toList();
        this.clientCertificate = clientCertificate;
        this.certLoginFrom = certLoginFrom;
    }

    /** The space-separated list for connection.start's {@code mechanisms}. */
    public String announced() {
        return offered.stream().map(Enum::name).collect(Collectors.joining(" "));
    }

    /**
     * Logs the client in as its start-ok asks. A mechanism that is not configured is 503 "unknown authentication
     * mechanism" (RabbitMQ knows only the mechanisms of its enabled plugins); a configured one not offered here
     * (EXTERNAL without a client certificate) is 503 "invalid authentication mechanism", as RabbitMQ.
     */
    public Login login(ConnectionMethod.StartOk startOk, Authenticator authenticator, SocketAddress peer) {
        SaslMechanism mechanism = SaslMechanism.named(startOk.mechanism()).filter(configured::contains)
                .orElseThrow(() -> ProtocolException.of(ReplyCode.COMMAND_INVALID,
                        "unknown authentication mechanism '" + startOk.mechanism() + "'", startOk));
        if (!offered.contains(mechanism)) {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID,
                    "invalid authentication mechanism '" + startOk.mechanism() + "'", startOk);
        }
        if (mechanism == SaslMechanism.EXTERNAL) {
            Optional<String> name = CertificateIdentity.username(clientCertificate.orElseThrow(), certLoginFrom);
            if (name.isEmpty()) return Login.refused("?", "the client certificate has no common name");
            return authenticator.authenticateByCertificate(name.get(), peer);
        }
        return mechanism.credentials(startOk.response())
                .map(credentials -> authenticator.authenticate(credentials, peer))
                .orElseGet(() -> Login.refused("?", "malformed " + mechanism + " response"));
    }
}
