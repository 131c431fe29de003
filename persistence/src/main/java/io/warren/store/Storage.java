package io.warren.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker's durable storage in one data directory: the shared message store, one index per
 * durable queue, a paging store for bodies moved out of the heap, and the group commit that makes
 * them durable together.
 *
 * <h2>Promises</h2>
 * <ul>
 *   <li>{@link #open} recovers whatever the directory holds, after any crash: corrupt or torn
 *       records are skipped or truncated and logged, never a reason to refuse to start.</li>
 *   <li>Nothing here blocks a caller on disk I/O, except {@link #open} and {@link #close}.</li>
 *   <li>{@link #sync}'s callback runs once everything submitted before it, by any thread, is on
 *       disk (message writes, index publishes; acks are lazily durable), or with the failure if
 *       some of it could not be written.</li>
 * </ul>
 *
 * <h2>Layout</h2>
 * <pre>
 * dir/msg_store_persistent/0000000001.rdq ...   message bodies ({@link MessageStore})
 * dir/msg_store_transient/0000000001.rdq ...    paged-out bodies, emptied at open
 * dir/queues/&lt;sha1 of key&gt;/name                 the queue's key
 * dir/queues/&lt;sha1 of key&gt;/&lt;firstSeq&gt;.idx, .ack   its index ({@link QueueIndex})
 * </pre>
 * The owner holds the directory's {@link DataDirectoryLock}; this class does not take it.
 *
 * <h2>Threads</h2>
 * One I/O thread ("warren-storage-io", {@link IoLoop}) performs every write, in submission order,
 * in batches, with one fsync per file per commit; one compactor thread per store reads files to
 * be compacted. Opening runs recovery on the caller's thread before the I/O thread starts:
 * message store scan, every queue index scanned and its messages claimed, unclaimed messages dropped.
 */
public final class Storage implements AutoCloseable {
    static final String MESSAGES = "msg_store_persistent";
    static final String PAGING = "msg_store_transient";
    static final String QUEUES = "queues";

    private final Path queuesDirectory;
    private final StorageOptions options;
    private final IoLoop loop;
    private final MessageStore messages;
    private final MessageStore paging;
    private final ConcurrentHashMap<String, QueueIndex> queues = new ConcurrentHashMap<>();
    private final Set<String> recoveredKeys;
    private boolean closed;

    private Storage(Path queuesDirectory, StorageOptions options, IoLoop loop, MessageStore messages, MessageStore paging,
                    Set<String> recoveredKeys) {
        this.queuesDirectory = queuesDirectory;
        this.options = options;
        this.loop = loop;
        this.messages = messages;
        this.paging = paging;
        this.recoveredKeys = recoveredKeys;
    }

    /** Opens (creating if needed) and recovers the storage in {@code directory}. */
    public static Storage open(Path directory, StorageOptions options) throws IOException {
        return open(directory, options, ChannelOpener.DEFAULT);
    }

    static Storage open(Path directory, StorageOptions options, ChannelOpener opener) throws IOException {
        Objects.requireNonNull(options, "options");
        Path queuesDirectory = Files.createDirectories(directory.resolve(QUEUES));
        IoLoop loop = new IoLoop(options.groupCommitWindow(), options.writeBufferSize(), opener);
        MessageStore messages = MessageStore.open("message store", directory.resolve(MESSAGES), options.segmentSize(), true, loop);
        MessageStore paging = MessageStore.open("paging store", directory.resolve(PAGING), options.segmentSize(), false, loop);
        Map<String, Path> found = QueueDirectories.list(queuesDirectory);
        Storage storage = new Storage(queuesDirectory, options, loop, messages, paging, Set.copyOf(found.keySet()));
        for (Map.Entry<String, Path> queue : found.entrySet()) {
            IndexRecovery.Summary summary = IndexRecovery.recover(queue.getValue(), messages::claim);
            storage.queues.put(queue.getKey(), QueueIndex.recovered(queue.getKey(), queue.getValue(), loop,
                    options.indexSegmentEntries(), summary, storage::forget));
        }
        messages.finishRecovery();
        loop.start();
        storage.queues.values().forEach(QueueIndex::dropMissing);
        return storage;
    }

    /** The durable message store. */
    public MessageStore messages() {
        return messages;
    }

    /** The store for paging bodies out of the heap: not durable, emptied at every open, never fsynced. */
    public MessageStore pagingStore() {
        return paging;
    }

    /** The index of queue {@code queueKey}, opened at start-up or created now (its files appear at the first publish). */
    public QueueIndex queue(String queueKey) {
        Objects.requireNonNull(queueKey, "queueKey");
        return queues.computeIfAbsent(queueKey, key -> QueueIndex.created(key,
                queuesDirectory.resolve(QueueDirectories.directoryName(key)), loop, options.indexSegmentEntries(), this::forget));
    }

    /** Keys of the queue indexes found at open (whether or not they hold entries). */
    public Set<String> recoveredQueueKeys() {
        return recoveredKeys;
    }

    /** Deletes the index of {@code queueKey} if there is one; see {@link QueueIndex#delete}. */
    public void deleteQueue(String queueKey) {
        QueueIndex index = queues.get(queueKey);
        if (index != null) index.delete();
    }

    /**
     * Calls back (on the I/O thread; keep it short) once everything submitted before this call, by
     * any thread, is on disk, or with the failure if some of it could not be written. Delivered and
     * acked marks are the exception: they are lazily durable (see {@link QueueIndex}). Never blocks.
     */
    public void sync(SyncCallback callback) {
        loop.sync(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Bytes of message records submitted to either store and not yet handed to the I/O thread's files:
     * heap the writers' callers should bound (by waiting for a {@link #sync}) when the disk falls behind.
     */
    public long queuedBytes() {
        return loop.queuedBytes();
    }

    /** The I/O loop (for tests that pause it to take a crash-consistent copy). */
    IoLoop ioLoop() {
        return loop;
    }

    /** Commits done so far: one fsync per written file each (for tests and metrics). */
    long commits() {
        return loop.commits();
    }

    /** Files and directories forced so far (for tests and metrics). */
    long forces() {
        return loop.forces();
    }

    /** Writes and fsyncs everything submitted, stops the threads and closes the files. Nothing may be submitted meanwhile. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        messages.stopCompactor();
        paging.stopCompactor();
        loop.close();
        queues.values().forEach(QueueIndex::close);
    }

    private void forget(QueueIndex index) {
        queues.remove(index.key(), index);
    }
}
