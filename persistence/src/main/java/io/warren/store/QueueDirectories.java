package io.warren.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each queue index lives: {@code queues/<hex SHA-1 of the queue key>/}, with a {@code name}
 * file holding the key itself (UTF-8), written atomically before any segment, so the keys can be
 * listed at open. The broker chooses the key (e.g. {@code "vhost\0queue"}); the hash keeps any key
 * a valid, fixed-length file name.
 */
final class QueueDirectories {
    static final String NAME_FILE = "name";
    private static final Logger LOG = LoggerFactory.getLogger(QueueDirectories.class);

    private QueueDirectories() {
    }

    static String directoryName(String queueKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(queueKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** Queue key to directory for every queue directory under {@code queues}; unreadable ones are logged and left alone. */
    static Map<String, Path> list(Path queues) throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(queues, Files::isDirectory)) {
            for (Path directory : directories) {
                Optional<byte[]> name = AtomicFile.read(directory.resolve(NAME_FILE));
                String key = name.map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse(null);
                if (key == null || !directoryName(key).equals(directory.getFileName().toString())) {
                    LOG.warn("queue index directory {} has no valid name file: skipped", directory);
                    continue;
                }
                found.put(key, directory);
            }
        }
        return found;
    }
}
