package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthKeysTest {

    @Test
    void defaultsArePlainAndAmqplainCommonNameAndOneSecond() {
        AuthOptions auth = BrokerConfig.defaults().auth();
        assertEquals(List.of(AuthMechanism.PLAIN, AuthMechanism.AMQPLAIN), auth.mechanisms());
        assertEquals(CertLoginFrom.COMMON_NAME, auth.sslCertLoginFrom());
        assertEquals(Duration.ofSeconds(1), auth.loginFailureDelay());
    }

    @Test
    void anyMechanismReplacesTheDefaultListAndKeepsItsOrder() {
        AuthOptions auth = Conf.parse("auth_mechanisms.1 = EXTERNAL", "auth_mechanisms.2 = PLAIN").auth();
        assertEquals(List.of(AuthMechanism.EXTERNAL, AuthMechanism.PLAIN), auth.mechanisms());
    }

    @Test
    void certificateLoginAndDelayAreParsed() {
        AuthOptions auth = Conf.parse("ssl_cert_login_from = distinguished_name", "warren.login_failure_delay = 0").auth();
        assertEquals(CertLoginFrom.DISTINGUISHED_NAME, auth.sslCertLoginFrom());
        assertEquals(Duration.ZERO, auth.loginFailureDelay());
    }

    @Test
    void unknownMechanismIsRefused() {
        assertThrows(ConfigException.class, () -> Conf.parse("auth_mechanisms.1 = CRAM-MD5"));
    }
}
