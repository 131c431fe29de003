package io.warren.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message bodies on disk, one copy per message however many queues hold it, addressed by
 * {@link MsgId}. Obtained from {@link Storage#messages()} (durable) or {@link Storage#pagingStore()}
 * (heap overflow, emptied at every open, never fsynced).
 *
 * <h2>Promises</h2>
 * <ul>
 *   <li>{@link #write}, {@link #release} never block and never do I/O on the calling thread; they
 *       take effect on the storage I/O thread in submission order.</li>
 *   <li>{@link #read} works from any thread as soon as {@link #write} returned, while the record
 *       is still in flight, and while compaction moves it.</li>
 *   <li>A message written before a {@link Storage#sync} completed successfully is recovered after a
 *       crash (as long as a queue index still references it).</li>
 * </ul>
 *
 * <h2>Design (after RabbitMQ's rabbit_msg_store)</h2>
 * <b>Files.</b> Append-only segment files {@code 0000000001.rdq}, {@code 0000000002.rdq}, ... in
 * one directory; the I/O thread appends to the highest (the write head) and starts the next once a
 * file would exceed {@code segmentSize}. A record is
 * {@code <<Size:64, MsgId:16 bytes, Body, CRC32C:32, 0xFF>>} ({@link MessageRecord}).
 *
 * <p><b>Index.</b> A {@link ConcurrentHashMap} from MsgId to {@link StoredMessage}: file, offset,
 * length, reference count, and the encoded record until it has reached the file. Writing an id
 * that is stored already adds references instead of a second copy.
 *
 * <p><b>Threads.</b> {@link #write} encodes the record (checksum included) on the caller's thread,
 * enters it in the index as pending and queues it; the I/O thread copies it into a pooled direct
 * buffer, positions the entry, and drops the in-memory record once the batch is flushed. Readers
 * take a pending record from memory, otherwise read the file with one positional read and check
 * the record's id and checksum. {@link #release} is applied by the I/O thread: at zero references
 * the record's bytes turn dead; a file with no live bytes left (not the write head) is deleted.
 *
 * <p><b>Compaction.</b> When dead bytes exceed half of all bytes and three or more files exist,
 * the live records of the deadest files are moved to the write head and the old files deleted
 * once the moved copies are durable; see {@link Compactor}.
 *
 * <p><b>Crash and recovery.</b> Nothing is trusted but the files: at open every file is scanned,
 * bad records skipped and torn tails truncated with a WARN ({@link StoreRecovery}). Every record
 * starts with no references; {@link Storage} then claims one reference per queue index entry that
 * points here and drops the rest ({@link #finishRecovery}). A release that was not yet on disk
 * at the crash is therefore undone only if a queue index still holds the message, which is what
 * the queue wants; a message written but not synced may be lost.
 */
public final class MessageStore {
    private static final int READ_ATTEMPTS = 32;

    private final String name;
    private final ConcurrentHashMap<MsgId, StoredMessage> index = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, SegmentFile> files = new ConcurrentHashMap<>();
    private final IoLoop loop;
    private final StoreWriter writer;
    private boolean recovering = true;

    private MessageStore(String name, Path directory, IoLoop loop, long segmentSize, boolean durable) {
        this.name = name;
        this.loop = loop;
        this.writer = new StoreWriter(name, directory, index, files, loop, segmentSize, durable);
        loop.addListener(writer);
    }

    /**
     * Opens the store in {@code directory} before {@code loop} starts: a durable store is scanned
     * and waits for {@link #claim}s and {@link #finishRecovery}; a non-durable one is emptied and ready.
     */
    static MessageStore open(String name, Path directory, long segmentSize, boolean durable, IoLoop loop) throws IOException {
        Files.createDirectories(directory);
        MessageStore store = new MessageStore(name, directory, loop, segmentSize, durable);
        if (durable) {
            store.writer.recovered(StoreRecovery.scan(directory, store.index));
        } else {
            StoreRecovery.wipe(directory);
            store.finishRecovery();
        }
        return store;
    }

    /**
     * Stores {@code body} (its remaining bytes; the buffer is left untouched and may be reused as
     * soon as this returns, because the bytes are copied into an encoded record here) with
     * {@code references} references, one per queue that will {@link #release} it. If the id is
     * stored already, the references are added and the body is not written again. Never blocks.
     */
    public void write(MsgId id, ByteBuffer body, int references) {
        Objects.requireNonNull(id, "id");
        if (references < 1) throw new IllegalArgumentException("references must be at least 1: " + references);
        StoredMessage message = new StoredMessage(MessageRecord.encode(id, body));
        index.putIfAbsent(id, message);
        loop.queued(message.length);
        loop.submit(new StoreWriter.WriteOp(writer, id, message, references));
    }

    /**
     * The body of message {@code id} in a new buffer the caller owns, or null when the store holds
     * no such message (never written, released by every reference, or lost to a failed write).
     * Any thread; never blocks on the I/O thread (one positional file read at most, retried if
     * the record moves meanwhile).
     *
     * @throws IOException when the file cannot be read or the record on disk is corrupt
     */
    public ByteBuffer read(MsgId id) throws IOException {
        IOException failure = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            StoredMessage message = index.get(id);
            if (message == null) return null;
            long position = message.position;
            byte[] pending = message.pendingRecord;
            if (pending != null) return MessageRecord.body(pending);
            if (position == StoredMessage.PENDING) continue; // flushed between the two reads: look again
            SegmentFile file = files.get(StoredMessage.file(position));
            if (file == null) continue; // deleted after the record moved or was released: look again
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("interrupted reading " + id);
            try {
                return file.read(StoredMessage.offset(position), message.length, id);
            } catch (ClosedChannelException e) {
                failure = e; // file deleted, or the channel closed by an interrupted reader: look again
            } catch (IOException e) {
                if (index.get(id) == message && message.position == position) throw e;
                failure = e; // the record moved or went while we read
            }
        }
        IOException exhausted = new IOException(name + ": could not read " + id + " after " + READ_ATTEMPTS + " attempts");
        if (failure != null) exhausted.addSuppressed(failure);
        throw exhausted;
    }

    /** Drops one reference to {@code id}; at none the record is dead. Applied on the I/O thread; never blocks. */
    public void release(MsgId id) {
        Objects.requireNonNull(id, "id");
        loop.submit(new StoreWriter.ReleaseOp(writer, id));
    }

    /** The index entry of {@code id}, or null (for tests). */
    StoredMessage entry(MsgId id) {
        return index.get(id);
    }

    /** Whether the store holds (or is writing) message {@code id}. */
    public boolean contains(MsgId id) {
        return index.containsKey(id);
    }

    /** Files on disk, the write head included. */
    public int fileCount() {
        return files.size();
    }

    /** Bytes of records that some queue still references (as of the I/O thread's last step). */
    public long liveBytes() {
        return writer.liveBytes();
    }

    /** Bytes in all files, dead records included. */
    public long totalBytes() {
        return writer.totalBytes();
    }

    /** Distinct messages stored or being written. */
    public long messageCount() {
        return index.mappingCount();
    }

    /** Compaction rounds finished (for tests and metrics). */
    long compactions() {
        return writer.compactions();
    }

    /** A compaction round is under way (for tests). */
    boolean compacting() {
        return writer.compacting();
    }

    /**
     * Adds one reference to a recovered message; false when the store does not hold it. Only
     * between {@link #open} and {@link #finishRecovery}, on the opening thread.
     */
    boolean claim(MsgId id) {
        if (!recovering) throw new IllegalStateException(name + ": claim after recovery finished");
        StoredMessage message = index.get(id);
        if (message == null) return false;
        message.references++;
        return true;
    }

    /** Drops every recovered message nobody claimed and deletes the files left without live data. */
    void finishRecovery() throws IOException {
        if (!recovering) throw new IllegalStateException(name + ": recovery finished already");
        recovering = false;
        writer.finishRecovery();
    }

    /** Stops the compactor; the I/O loop closes the files when it stops. */
    void stopCompactor() {
        writer.stopCompactor();
    }

    @Override
    public String toString() {
        return name;
    }
}
