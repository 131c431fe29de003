package io.warren.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The durable order and state of one queue: which messages it holds, in which order, which were
 * delivered, which acked. Obtained from {@link Storage#queue}.
 *
 * <h2>Promises</h2>
 * <ul>
 *   <li>{@link #publish} is thread-safe, returns the message's sequence number at once (numbers
 *       increase in call order) and never blocks; the record is appended by the storage I/O thread.
 *       It is durable once a {@link Storage#sync} submitted after it succeeds.</li>
 *   <li>{@link #delivered} and {@link #acked} are lazily durable: forced to disk within about a
 *       second, not by every {@link Storage#sync}; after a power loss a lost ack only means the
 *       message comes back (as delivered, if that mark made it). A process crash loses nothing
 *       that reached the I/O thread's flush.</li>
 *   <li>{@link #recovered} yields, in sequence order, the entries not acked when the storage was
 *       opened; corrupt or torn records are skipped (and were logged at open), never an error.</li>
 * </ul>
 *
 * <h2>Design (after LavinMQ's segments and RabbitMQ's queue index)</h2>
 * <b>Files</b>, in {@code queues/<sha1 of the key>/}: {@code name} (the key), and per segment of
 * {@code indexSegmentEntries} sequence numbers {@code <firstSeq>.idx}, the publish records
 * ({@link PublishRecord}: seq, MsgId, and the body itself for messages the broker embeds), and
 * {@code <firstSeq>.ack}, fixed-size delivered/acked marks ({@link MarkRecord}). Both are
 * append-only and checksummed per record. A segment's two files are deleted once every publish in
 * it is acked (and newer publishes go to a later segment), so disk use follows the queue's backlog.
 *
 * <p><b>Threads.</b> Callers only take a sequence number (an atomic counter), encode the record,
 * and queue it; the I/O thread ({@link IndexWriter}) does all file work, batched and group-committed
 * with everything else.
 *
 * <p><b>Crash.</b> Recovery reads the marks, then the publish records of each segment, skipping
 * bad records and truncating torn tails; an entry is live unless an ack mark for it survived.
 * Sequence numbers continue after the highest one found.
 */
public final class QueueIndex {
    private final String key;
    private final Path directory;
    private final IoLoop loop;
    private final IndexWriter writer;
    private final AtomicLong nextSeq;
    private final List<Long> recoveredSegments;
    private final Set<Long> missing;
    private final long recoveredCount;
    private final Consumer<QueueIndex> onDelete;
    private volatile boolean deleted;

    private QueueIndex(String key, Path directory, IoLoop loop, int entriesPerSegment, IndexRecovery.Summary recovered,
                       Consumer<QueueIndex> onDelete) {
        this.key = key;
        this.directory = directory;
        this.loop = loop;
        this.writer = new IndexWriter(key, directory, loop, entriesPerSegment, recovered);
        this.nextSeq = new AtomicLong(writer.runBase());
        this.recoveredSegments = recovered == null ? List.of()
                : recovered.segments().stream().map(IndexRecovery.SegmentSummary::firstSeq).toList();
        this.missing = recovered == null ? Set.of() : recovered.missing();
        this.recoveredCount = recovered == null ? 0 : recovered.entries() - recovered.missing().size();
        this.onDelete = onDelete;
    }

    /** A queue index found at open. */
    static QueueIndex recovered(String key, Path directory, IoLoop loop, int entriesPerSegment,
                                IndexRecovery.Summary summary, Consumer<QueueIndex> onDelete) {
        return new QueueIndex(key, directory, loop, entriesPerSegment, summary, onDelete);
    }

    /** A queue index for a queue without one yet. */
    static QueueIndex created(String key, Path directory, IoLoop loop, int entriesPerSegment, Consumer<QueueIndex> onDelete) {
        return new QueueIndex(key, directory, loop, entriesPerSegment, null, onDelete);
    }

    /** Acks the recovered entries whose bodies are gone, so they never come back. After the I/O loop started. */
    void dropMissing() {
        for (long seq : missing) acked(seq);
    }

    /** The key the broker opened this index with. */
    public String key() {
        return key;
    }

    /**
     * Appends a message to the queue and returns its sequence number. {@code embeddedBodyOrNull}:
     * the broker's encoded message to keep in the index itself (its remaining bytes, copied before
     * this returns), or null when the body is in {@link Storage#messages()} under {@code id}.
     * Thread-safe; never blocks.
     *
     * @throws IllegalStateException when the index was deleted
     */
    public long publish(MsgId id, ByteBuffer embeddedBodyOrNull) {
        Objects.requireNonNull(id, "id");
        if (deleted) throw new IllegalStateException("queue index " + key + " is deleted");
        long seq = nextSeq.getAndIncrement();
        loop.submit(new IndexWriter.PublishOp(writer, seq, PublishRecord.encode(seq, id, embeddedBodyOrNull)));
        return seq;
    }

    /** Records that the message was delivered (so it comes back flagged redelivered). Never blocks. */
    public void delivered(long seq) {
        if (!deleted) loop.submit(new IndexWriter.MarkOp(writer, MarkRecord.DELIVERED, seq));
    }

    /** Records that the message is done with (acked, or dropped for good); at most once per seq. Never blocks. */
    public void acked(long seq) {
        if (!deleted) loop.submit(new IndexWriter.MarkOp(writer, MarkRecord.ACKED, seq));
    }

    /** How many entries {@link #recovered} yields (entries not acked at open). */
    public long recoveredCount() {
        return recoveredCount;
    }

    /**
     * The entries not acked when the storage was opened, in sequence order, read from disk one
     * segment at a time as the iterator advances (so a million entries are fine). Meant to be
     * walked once at start-up, before the queue acks them; entries acked meanwhile may be skipped.
     * A read failure surfaces as {@link UncheckedIOException}.
     */
    public Iterator<RecoveredEntry> recovered() {
        if (deleted) return Collections.emptyIterator();
        return new Iterator<>() {
            private int segment;
            private Iterator<RecoveredEntry> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && segment < recoveredSegments.size()) {
                    try {
                        current = IndexRecovery.readSegment(directory, recoveredSegments.get(segment++), missing).iterator();
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading queue index " + key + " in " + directory, e);
                    }
                }
                return current.hasNext();
            }

            @Override
            public RecoveredEntry next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }

    /**
     * Removes the whole index from disk (the queue was deleted); the owner releases the queue's
     * message store references. Later calls to {@link #publish} fail; marks are ignored.
     */
    public void delete() {
        if (deleted) return;
        deleted = true;
        onDelete.accept(this);
        loop.submit(new IndexWriter.DeleteOp(writer));
    }

    /** Closes the files after the I/O thread stopped. */
    void close() {
        writer.close();
    }

    @Override
    public String toString() {
        return "queue index " + key;
    }
}
