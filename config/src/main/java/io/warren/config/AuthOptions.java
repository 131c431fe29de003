package io.warren.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How clients log in.
 *
 * @param mechanisms        the SASL mechanisms offered, in the order announced ({@code auth_mechanisms.N});
 *                          EXTERNAL is offered only on TLS connections whose client presented a certificate
 * @param sslCertLoginFrom  which part of a client certificate names the EXTERNAL user ({@code ssl_cert_login_from})
 * @param loginFailureDelay how long a refused login waits before the client is told, to slow password guessing
 *                          ({@code warren.login_failure_delay})
 */
public record AuthOptions(List<AuthMechanism> mechanisms, CertLoginFrom sslCertLoginFrom, Duration loginFailureDelay) {
    public AuthOptions {
        mechanisms = List.copyOf(mechanisms);
        Objects.requireNonNull(sslCertLoginFrom, "sslCertLoginFrom");
        Objects.requireNonNull(loginFailureDelay, "loginFailureDelay");
    }
}
