package io.warren.broker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.codec.LongString;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticatorTest {
    private final Authenticator authenticator =
            new Authenticator(Map.of("guest", "guest", "app", "secret"), Set.of("guest"));

    @ParameterizedTest(name = "guest from {0} allowed={1}")
    @CsvSource({"127.0.0.1,true", "127.1.2.3,true", "::1,true", "10.1.2.3,false", "192.168.0.7,false", "fe80::1,false"})
    void guestOnlyFromLoopback(String address, boolean allowed) {
        var peer = new InetSocketAddress(address, 40000);
        assertEquals(allowed, authenticator.authenticate(new Credentials("guest", "guest"), peer).isPresent());
    }

    @Test
    void otherUsersFromAnywhere() {
        assertEquals(Optional.of("app"),
                authenticator.authenticate(new Credentials("app", "secret"), new InetSocketAddress("10.1.2.3", 1)));
    }

    @Test
    void blankOrWrongPasswordNeverAuthenticates() {
        var peer = new InetSocketAddress("127.0.0.1", 1);
        assertTrue(authenticator.authenticate(new Credentials("app", ""), peer).isEmpty());
        assertTrue(authenticator.authenticate(new Credentials("app", "Secret"), peer).isEmpty());
        assertTrue(authenticator.authenticate(new Credentials("nobody", "secret"), peer).isEmpty());
    }

    @Test
    void saslResponses() {
        assertEquals(Optional.of(new Credentials("u", "p")), SaslMechanism.PLAIN.credentials(LongString.of("\0u\0p")));
        assertTrue(SaslMechanism.PLAIN.credentials(LongString.of("up")).isEmpty());
        assertTrue(SaslMechanism.AMQPLAIN.credentials(LongString.of("garbage")).isEmpty());
    }
}
