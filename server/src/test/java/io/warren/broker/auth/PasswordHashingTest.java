package io.warren.broker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hashes made by RabbitMQ 3.10.8 ({@code rabbit_password:hash/2}) verify here, and ours have its shape. */
class PasswordHashingTest {

    @Test
    void rabbitMqHashesVerify() {
        // rabbitmqctl export_definitions of a fresh node: guest/guest
        assertTrue(PasswordHashing.SHA256.matches("pQk5yh67qgg0PXqb21RuspttmeUiWNoep9AFCyJUrPF1QZCK", "guest"));
        // rabbit_password:hash(rabbit_password_hashing_sha512, <<"secret">>)
        assertTrue(PasswordHashing.SHA512.matches(
                "dDHgrokvi2DVRwQRiAE0dDEW9WPRbzienpQkXaeG3/L0ymmz+HUCSkLrWux38dserZt1pXFyYufd5PkCqblizMGiZ9c=", "secret"));
        // rabbit_password:hash(rabbit_password_hashing_md5, <<"secret">>)
        assertTrue(PasswordHashing.MD5.matches("kaI81BIiEYzx3dTDsAyTV7zGjv0=", "secret"));
        assertFalse(PasswordHashing.SHA256.matches("pQk5yh67qgg0PXqb21RuspttmeUiWNoep9AFCyJUrPF1QZCK", "Guest"));
    }

    @ParameterizedTest
    @EnumSource(PasswordHashing.class)
    void newHashesAreSaltedAndVerify(PasswordHashing hashing) {
        String first = hashing.hash("pässword");
        String second = hashing.hash("pässword");
        assertNotEquals(first, second, "a fresh 4-byte salt each time");
        assertTrue(hashing.matches(first, "pässword"));
        assertFalse(hashing.matches(first, "password"));
        int digestBytes = switch (hashing) { case SHA256 -> 32; case SHA512 -> 64; case MD5 -> 16; };
        assertEquals(4 + digestBytes, Base64.getDecoder().decode(first).length);
    }

    @Test
    void malformedOrEmptyHashesMatchNothing() {
        assertFalse(PasswordHashing.SHA256.matches("", ""));
        assertFalse(PasswordHashing.SHA256.matches("", "x"));
        assertFalse(PasswordHashing.SHA256.matches("not base64!", "x"));
        assertFalse(PasswordHashing.SHA256.matches("AAAA", "x"));
    }

    @Test
    void algorithmsHaveRabbitMqNames() {
        assertEquals(Optional.of(PasswordHashing.SHA256), PasswordHashing.named("rabbit_password_hashing_sha256"));
        assertEquals(Optional.of(PasswordHashing.SHA512), PasswordHashing.named("rabbit_password_hashing_sha512"));
        assertEquals(Optional.of(PasswordHashing.MD5), PasswordHashing.named("rabbit_password_hashing_md5"));
        assertEquals(Optional.empty(), PasswordHashing.named("bcrypt"));
    }
}
