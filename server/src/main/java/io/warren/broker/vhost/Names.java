package io.warren.broker.vhost;

import java.security.SecureRandom;
import java.util.Base64;

/** Server-generated names in RabbitMQ's form: a prefix and 22 characters of url-safe base64 of 16 random bytes. */
public final class Names {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {}

    public static String generate(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
