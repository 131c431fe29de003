package io.warren.broker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.codec.LongString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticatorTest {
    private final UserDatabase users = new UserDatabase();
    private final Authenticator authenticator = new Authenticator(users, Set.of("guest"));

    AuthenticatorTest() {
        users.addUser("guest", "guest", List.of("administrator"));
        users.addUser("app", "secret", List.of());
    }

    /** RabbitMQ counts all of 127.0.0.0/8, ::1 and IPv4-mapped 127.x as loopback. */
    @ParameterizedTest(name = "{0} is loopback: {1}")
    @CsvSource({"127.0.0.1,true", "127.1.2.3,true", "127.255.255.254,true", "::1,true", "::ffff:127.0.0.9,true",
            "10.1.2.3,false", "192.168.0.7,false", "128.0.0.1,false", "fe80::1,false", "::2,false", "::ffff:10.0.0.1,false"})
    void theLoopbackRule(String address, boolean loopback) throws Exception {
        assertEquals(loopback, Authenticator.isLoopback(new InetSocketAddress(InetAddress.getByName(address), 40000)));
    }

    @ParameterizedTest(name = "guest from {0} allowed={1}")
    @CsvSource({"127.0.0.1,true", "127.1.2.3,true", "::1,true", "10.1.2.3,false", "192.168.0.7,false", "fe80::1,false"})
    void guestOnlyFromLoopback(String address, boolean allowed) {
        var peer = new InetSocketAddress(address, 40000);
        Login login = authenticator.authenticate(new Credentials("guest", "guest"), peer);
        assertEquals(allowed, login.succeeded());
        if (!allowed) assertEquals("user 'guest' can only connect via localhost", login.refusal());
    }

    @Test
    void otherUsersFromAnywhere() {
        assertTrue(authenticator.authenticate(new Credentials("app", "secret"), new InetSocketAddress("10.1.2.3", 1)).succeeded());
    }

    @Test
    void blankOrWrongPasswordOrUnknownUserNeverAuthenticates() {
        var peer = new InetSocketAddress("127.0.0.1", 1);
        assertFalse(authenticator.authenticate(new Credentials("app", ""), peer).succeeded());
        assertFalse(authenticator.authenticate(new Credentials("app", "Secret"), peer).succeeded());
        assertFalse(authenticator.authenticate(new Credentials("nobody", "secret"), peer).succeeded());
        assertEquals("user 'app' - invalid credentials",
                authenticator.authenticate(new Credentials("app", "x"), peer).refusal());
    }

    @Test
    void aUserWithoutPasswordLogsInOnlyByCertificate() {
        users.addUserWithHash("cert-only", "", PasswordHashing.SHA256, List.of());
        var peer = new InetSocketAddress("10.0.0.1", 1);
        assertFalse(authenticator.authenticate(new Credentials("cert-only", ""), peer).succeeded());
        assertFalse(authenticator.authenticate(new Credentials("cert-only", "anything"), peer).succeeded());
        assertTrue(authenticator.authenticateByCertificate("cert-only", peer).succeeded());
        assertFalse(authenticator.authenticateByCertificate("nobody", peer).succeeded());
        assertFalse(authenticator.authenticateByCertificate("guest", peer).succeeded(), "loopback rule applies too");
    }

    @Test
    void newPasswordsApplyToTheNextLogin() {
        var peer = new InetSocketAddress("127.0.0.1", 1);
        users.changePassword("app", "changed");
        assertFalse(authenticator.authenticate(new Credentials("app", "secret"), peer).succeeded());
        assertTrue(authenticator.authenticate(new Credentials("app", "changed"), peer).succeeded());
    }

    @Test
    void saslResponses() {
        assertEquals(Optional.of(new Credentials("u", "p")), SaslMechanism.PLAIN.credentials(LongString.of("\0u\0p")));
        assertTrue(SaslMechanism.PLAIN.credentials(LongString.of("up")).isEmpty());
        assertTrue(SaslMechanism.AMQPLAIN.credentials(LongString.of("garbage")).isEmpty());
        assertTrue(SaslMechanism.EXTERNAL.credentials(LongString.of("")).isEmpty());
    }
}
