package io.warren.broker.durable;

import io.warren.broker.message.Message;
import io.warren.config.StoreOptions;
import io.warren.store.MessageStore;
import io.warren.store.MsgId;
import io.warren.store.Storage;
import io.warren.store.StorageOptions;
import io.warren.store.SyncCallback;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's use of its storage: persistent messages written once to the message store for
 * all the durable queues they reach, one journal per durable queue, the group commit that
 * publisher confirms wait for, and the paging store. Thread-safe.
 */
public final class Persistence implements AutoCloseable {
    private static final char KEY_SEPARATOR = '\u0000';
    /** Journal keys of delayed-message exchanges start with this (queue keys start with a vhost name, never empty). */
    private static final String DELAYED_PREFIX = KEY_SEPARATOR + "x-delayed-message" + KEY_SEPARATOR;

    private final Storage storage;

    private Persistence(Storage storage) {
        this.storage = storage;
    }

    public static Persistence open(Path directory, StoreOptions options) throws IOException {
        StorageOptions storageOptions = StorageOptions.defaults()
                .withSegmentSize(options.segmentSize())
                .withGroupCommitWindow(options.fsyncInterval());
        return new Persistence(Storage.open(directory, storageOptions));
    }

    /**
     * Whether the storage's I/O thread has fallen behind: more message bytes wait in memory to be
     * written than {@link #MAX_QUEUED_BYTES} (an eighth of the heap, at most 32 MiB). Publishers then
     * wait for a {@link #sync} before reading more, so a disk slower than the publishers (paging
     * transient bodies, or persistent messages without confirms) cannot fill the heap.
     */
    public boolean behind() {
        return storage.queuedBytes() > MAX_QUEUED_BYTES;
    }

    static final long MAX_QUEUED_BYTES = Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 8);

    /** The journal of durable queue {@code queue} in {@code vhost} (recovered or new). */
    public QueueJournal journal(String vhost, String queue) {
        return new QueueJournal(storage.queue(key(vhost, queue)), storage.messages());
    }

    /** The journal of the persistent messages a durable {@code x-delayed-message} exchange holds. */
    public QueueJournal delayedJournal(String vhost, String exchange) {
        return new QueueJournal(storage.queue(DELAYED_PREFIX + key(vhost, exchange)), storage.messages());
    }

    /** The (vhost, queue) names of the queue journals found at start. */
    public List<String[]> recoveredQueues() {
        return names(false);
    }

    /** The (vhost, exchange) names of the delayed-message journals found at start. */
    public List<String[]> recoveredDelayed() {
        return names(true);
    }

    private List<String[]> names(boolean delayed) {
        List<String[]> names = new ArrayList<>();
        for (String key : storage.recoveredQueueKeys()) {
            if (key.startsWith(DELAYED_PREFIX) != delayed) continue;
            String rest = delayed ? key.substring(DELAYED_PREFIX.length()) : key;
            int at = rest.indexOf(KEY_SEPARATOR);
            if (at > 0) names.add(new String[] {rest.substring(0, at), rest.substring(at + 1)});
        }
        return names;
    }

    /** Drops the journal of a delayed exchange that no longer exists. */
    public void dropDelayedJournal(String vhost, String exchange) {
        storage.deleteQueue(DELAYED_PREFIX + key(vhost, exchange));
    }

    /** Drops the journal of a queue that no longer exists (found on disk, not in the definitions). */
    public void dropJournal(String vhost, String queue) {
        storage.deleteQueue(key(vhost, queue));
    }

    /**
     * Writes a persistent message once, for {@code references} durable queues, and marks it stored; a
     * message stored already (a delayed message now routed) keeps its id and gains the references,
     * so after a crash its queues and its delayed journal are seen to hold the same message. Never blocks.
     */
    public void store(Message message, int references) {
        MsgId id = message.storeId() != null ? message.storeId() : MsgId.random();
        storage.messages().write(id, StoredMessageFormat.encode(message, System.currentTimeMillis()), references);
        message.storedAs(id);
    }

    public MessageStore messages() {
        return storage.messages();
    }

    public MessageStore pagingStore() {
        return storage.pagingStore();
    }

    /** Group commit: {@code callback} runs (on the storage thread) once everything submitted so far is on disk. */
    public void sync(SyncCallback callback) {
        storage.sync(callback);
    }

    @Override
    public void close() {
        storage.close();
    }

    private static String key(String vhost, String queue) {
        return vhost + KEY_SEPARATOR + queue;
    }
}
