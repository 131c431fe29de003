package io.warren.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * RabbitMQ's password hashing: {@code base64(salt ++ digest(salt ++ utf8(password)))} with a random
 * 4-byte salt. New hashes use SHA-256 ({@code rabbit_password_hashing_sha256}); SHA-512 and MD5 hashes
 * imported from other brokers verify too. Thread-safe.
 */
public enum PasswordHashing {
    SHA256("rabbit_password_hashing_sha256", "SHA-256"),
    SHA512("rabbit_password_hashing_sha512", "SHA-512"),
    /** RabbitMQ's legacy algorithm, assumed for users imported without a {@code hashing_algorithm}. */
    MD5("rabbit_password_hashing_md5", "MD5");

    /** What new passwords are hashed with. */
    public static final PasswordHashing DEFAULT = SHA256;
    private static final int SALT_BYTES = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String algorithmName;
    private final String digestName;

    PasswordHashing(String algorithmName, String digestName) {
        this.algorithmName = algorithmName;
        this.digestName = digestName;
    }

    /** RabbitMQ's name for the algorithm, as in the definitions' {@code hashing_algorithm}. */
    public String algorithmName() {
        return algorithmName;
    }

    /** The algorithm RabbitMQ calls {@code name}, if it is one of these. */
    public static Optional<PasswordHashing> named(String name) {
        for (PasswordHashing hashing : values()) if (hashing.algorithmName.equals(name)) return Optional.of(hashing);
        return Optional.empty();
    }

    /** A new salted hash of {@code password}, base64-encoded. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salted(salt, password));
    }

    /**
     * Whether {@code password} is the one {@code passwordHash} was made from. A hash that is not valid
     * base64 or too short to hold a salt (e.g. the empty hash of a user without a password) matches nothing.
     */
    public boolean matches(String passwordHash, String password) {
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(passwordHash);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        if (stored.length <= SALT_BYTES) return false;
        byte[] computed = salted(Arrays.copyOf(stored, SALT_BYTES), password);
        return MessageDigest.isEqual(stored, computed);
    }

    /** {@code salt ++ digest(salt ++ password)}. */
    private byte[] salted(byte[] salt, String password) {
        MessageDigest digest = newDigest();
        digest.update(salt);
        byte[] hash = digest.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] result = Arrays.copyOf(salt, SALT_BYTES + hash.length);
        System.arraycopy(hash, 0, result, SALT_BYTES, hash.length);
        return result;
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(digestName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digestName + " is missing from this JVM", e);
        }
    }
}
