package io.warren.broker.definitions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.warren.store.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable definitions on disk: {@code definitions.json} in the data directory, in
 * RabbitMQ's export format, rewritten whole and atomically ({@link AtomicFile}: temporary file,
 * fsync, rename) after every change to durable state, so a crash leaves either the old or the new
 * file, never half of one. Saves are serialized; each writes the node's state as it is then.
 */
public final class DefinitionsFile {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsFile.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Definitions definitions;
    private volatile boolean enabled;

    public DefinitionsFile(Path dataDir, Definitions definitions) {
        this.file = dataDir.resolve("definitions.json");
        this.definitions = definitions;
    }

    /** The saved document, if the node has run here before. */
    public Optional<DefinitionsDocument> load() throws IOException {
        Optional<byte[]> bytes = AtomicFile.read(file);
        if (bytes.isEmpty()) return Optional.empty();
        return Optional.of(JSON.readValue(bytes.get(), DefinitionsDocument.class));
    }

    /** Starts saving on {@link #changed} (after start-up has restored the saved state). */
    public void enable() {
        enabled = true;
        changed();
    }

    /** Durable state changed: writes the definitions now. */
    public synchronized void changed() {
        if (!enabled) return;
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(definitions.export()));
        } catch (IOException e) {
            log.error("Could not save the definitions to {}: {}", file, e.toString());
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a definitions file (e.g. {@code load_definitions}, or an import). */
    public static DefinitionsDocument read(Path path) throws IOException {
        return JSON.readValue(path.toFile(), DefinitionsDocument.class);
    }
}
