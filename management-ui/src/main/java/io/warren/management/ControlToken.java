package io.warren.management;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The node's control token, Warren's stand-in for the Erlang cookie that lets {@code rabbitmqctl}
 * manage a local node without a password: a random secret written at start to
 * {@code ~/.warren/ctl-<management port>.token}, readable only by the user who runs the broker.
 * {@code warrenctl} sends it as a bearer token; the API accepts it from loopback only, as an
 * administrator. The file is removed when the node stops.
 */
public final class ControlToken {
    private final String secret;
    private Path file;

    private ControlToken(String secret) {
        this.secret = secret;
    }

    public static ControlToken generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new ControlToken(HexFormat.of().formatHex(bytes));
    }

    public String secret() {
        return secret;
    }

    /** The token file of the node whose management listener is on {@code port}. */
    public static Path fileFor(int port) {
        return Path.of(System.getProperty("user.home"), ".warren", "ctl-" + port + ".token");
    }

    /** Writes the token for the listener on {@code port}; a node that cannot write it just works without. */
    public void publish(int port) {
        Path target = fileFor(port);
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createFile(target);
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions: the home directory's protection applies
            }
            Files.writeString(target, secret, StandardOpenOption.TRUNCATE_EXISTING);
            file = target;
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ControlToken.class).warn("could not write the warrenctl token {}: {}", target, e.toString());
        }
    }

    /** The token of the local node on {@code port}, if its file is there. */
    public static Optional<String> read(int port) {
        try {
            return Optional.of(Files.readString(fileFor(port)).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void remove() {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
