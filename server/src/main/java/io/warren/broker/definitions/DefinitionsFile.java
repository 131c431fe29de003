package io.warren.broker.definitions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.warren.store.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable definitions on disk: {@code definitions.json} in the data directory, in
 * RabbitMQ's export format, rewritten whole and atomically ({@link AtomicFile}: temporary file,
 * fsync, rename) after changes to durable state, so a crash leaves either the old or the new
 * file, never half of one.
 *
 * <p><b>Threads.</b> {@link #changed} only asks for a save; one thread of its own
 * ("warren-definitions") saves, writing the node's state as it is then. Changes that come while a
 * save runs are covered by one more save, so a burst of declares costs a few rewrites, not one each.
 * The save must not run on the changing thread: changes are announced by code holding a virtual
 * host's or the user database's lock, and exporting takes those locks (two threads doing both
 * deadlocked). {@link #close} waits for the saves asked for before the node stops.
 *
 * <p><b>Crash.</b> A change is on disk a few milliseconds after it was made (one export and one
 * fsync later); a crash in between loses it, as the file is written whole or not at all.
 */
public final class DefinitionsFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsFile.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Definitions definitions;
    private volatile boolean enabled;
    private final AtomicBoolean saveRequested = new AtomicBoolean();
    private final ExecutorService saver = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "warren-definitions");
        thread.setDaemon(true);
        return thread;
    });

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

    /** Durable state changed: the definitions are saved soon, on the saving thread. Any thread, any locks held. */
    public void changed() {
        if (!enabled || !saveRequested.compareAndSet(false, true)) return;
        try {
            saver.execute(this::save);
        } catch (RejectedExecutionException closed) {
            saveRequested.set(false);
        }
    }

    private void save() {
        saveRequested.set(false); // before exporting: a change made from here on asks for another save
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(definitions.export()));
        } catch (IOException | RuntimeException e) {
            log.error("Could not save the definitions to {}: {}", file, e.toString());
        }
    }

    /**
     * Node shutdown, before the queues are let go: saves already asked for finish (every change asks
     * for one), later changes are not saved, and the saving thread stops.
     */
    @Override
    public void close() {
        enabled = false;
        saver.shutdown();
        try {
            if (!saver.awaitTermination(30, TimeUnit.SECONDS)) log.warn("the definitions were not saved within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a definitions file (e.g. {@code load_definitions}, or an import). */
    public static DefinitionsDocument read(Path path) throws IOException {
        return JSON.readValue(path.toFile(), DefinitionsDocument.class);
    }
}
