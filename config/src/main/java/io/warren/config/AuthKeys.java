package io.warren.config;

import static io.warren.config.Setting.named;
import static io.warren.config.Setting.pattern;
import static io.warren.config.ValueParsers.millis;
import static io.warren.config.ValueParsers.oneOf;

import java.util.List;

/** Keys for how clients log in: SASL mechanisms, certificate logins, and the delay after a refused login. */
final class AuthKeys {

    private AuthKeys() {
    }

    static List<Setting<?>> settings() {
        return List.of(
                pattern("auth_mechanisms.", "N", oneOf(AuthMechanism::confName, AuthMechanism.values()),
                        (b, n, mechanism) -> b.authMechanisms.put(n, mechanism)),
                named("ssl_cert_login_from", oneOf(CertLoginFrom::confName, CertLoginFrom.values()),
                        (b, from) -> b.sslCertLoginFrom = from),
                named("warren.login_failure_delay", millis(0, 60_000), (b, delay) -> b.loginFailureDelay = delay));
    }
}
