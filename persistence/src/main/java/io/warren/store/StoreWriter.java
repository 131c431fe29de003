package io.warren.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O thread's half of a {@link MessageStore}: appends records at the write head, counts live
 * and dead bytes per file, deletes dead files, starts compactions and applies their moves.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Every indexed message with a position has a complete, checksummed record there, flushed
 *       to the OS, or its {@code pendingRecord} is still set.</li>
 *   <li>A file's {@code liveBytes} is the sum of the record lengths of the indexed messages
 *       positioned in it; {@code totalBytes} is the length of its records (zeros filled ahead
 *       are not counted).</li>
 *   <li>A file is deleted only when it has no live bytes and is not the write head, and only after
 *       a successful commit, so a record moved out of it by compaction is durable at its new place
 *       before the old copy goes.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * When a file loses unsynced bytes (a failed write or fsync, see {@link AppendFile}), messages
 * written there since are dropped from the index, messages moved there by compaction go back to
 * their old, still existing copies, and the file stops being the write head.
 *
 * <p>Threading: everything here runs on the I/O thread, except the counters, which any thread reads.
 */
final class StoreWriter implements IoLoop.BatchListener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final int COMPACTION_MIN_FILES = 3;

    private final String name;
    private final Path directory;
    private final ConcurrentHashMap<MsgId, StoredMessage> index;
    private final ConcurrentHashMap<Integer, SegmentFile> files;
    private final IoLoop loop;
    private final long segmentSize;
    private final AppendFile.Durability durability;
    private final Compactor compactor;

    private SegmentFile head;
    private int lastFileNumber;
    private final List<StoredMessage> awaitingFlush = new ArrayList<>();
    private final Map<StoredMessage, Long> movedSinceCommit = new HashMap<>();
    private volatile boolean compacting;

    // Written by the I/O thread only (so += is safe), read by any thread.
    private volatile long liveBytes;
    private volatile long totalBytes;
    private volatile long compactions;

    StoreWriter(String name, Path directory, ConcurrentHashMap<MsgId, StoredMessage> index,
                ConcurrentHashMap<Integer, SegmentFile> files, IoLoop loop, long segmentSize, boolean durable) {
        this.name = name;
        this.directory = directory;
        this.index = index;
        this.files = files;
        this.loop = loop;
        this.segmentSize = segmentSize;
        this.durability = durable ? AppendFile.Durability.SYNCED : AppendFile.Durability.NONE;
        this.compactor = new Compactor(name, index, loop, this);
    }

    // ---- recovery (before the I/O thread starts) ----

    /** Takes over the recovered files; the last one stays the write head when it has room. */
    void recovered(List<SegmentFile> recovered) {
        long live = 0;
        long total = 0;
        for (SegmentFile file : recovered) {
            files.put(file.number, file);
            live += file.liveBytes;
            total += file.totalBytes;
            lastFileNumber = Math.max(lastFileNumber, file.number);
        }
        liveBytes = live;
        totalBytes = total;
        if (!recovered.isEmpty()) {
            SegmentFile last = recovered.get(recovered.size() - 1);
            if (last.totalBytes < segmentSize) {
                last.writer = AppendFile.existing(last.path, loop, durability, last.totalBytes, (w, from) -> lost(last, from));
                head = last;
            }
        }
    }

    /** Drops the messages no queue claimed and deletes files left without live data. */
    void finishRecovery() throws IOException {
        index.entrySet().removeIf(entry -> {
            StoredMessage message = entry.getValue();
            if (message.references > 0) return false;
            SegmentFile file = files.get(StoredMessage.file(message.position));
            file.liveBytes -= message.length;
            liveBytes -= message.length;
            return true;
        });
        for (SegmentFile file : List.copyOf(files.values())) {
            if (file.liveBytes == 0) {
                if (file == head) head = null;
                delete(file);
            }
        }
    }

    // ---- counters, any thread ----

    long liveBytes() {
        return liveBytes;
    }

    long totalBytes() {
        return totalBytes;
    }

    long compactions() {
        return compactions;
    }

    boolean compacting() {
        return compacting;
    }

    // ---- operations, I/O thread ----

    /** Stores {@code message} (created by the submitting thread) or, if the id is stored already, adds references to it. */
    void write(MsgId id, StoredMessage message, int references) throws IOException {
        StoredMessage current = index.get(id);
        if (current != message) {
            if (current != null) {
                current.references += references;
                return;
            }
            index.put(id, message); // the copy this write found at submission was released since
        }
        message.references += references;
        long position;
        try {
            position = append(message.pendingRecord);
        } catch (IOException e) {
            index.remove(id, message);
            message.pendingRecord = null;
            throw e;
        }
        message.position = position;
        awaitingFlush.add(message);
    }

    void release(MsgId id) {
        StoredMessage message = index.get(id);
        if (message == null) {
            LOG.debug("{}: release of unknown message {} ignored", name, id);
            return;
        }
        if (--message.references > 0) return;
        index.remove(id, message);
        message.pendingRecord = null;
        if (message.position != StoredMessage.PENDING) garbage(message.position, message.length);
    }

    /** Moves one record found by the compactor to the write head, unless it was released or moved since. */
    void move(MsgId id, StoredMessage message, long from, byte[] record) throws IOException {
        if (index.get(id) != message || message.position != from) return;
        message.pendingRecord = record;
        long position;
        try {
            position = append(record);
        } catch (IOException e) {
            message.pendingRecord = null;
            throw e;
        }
        message.position = position;
        awaitingFlush.add(message);
        loop.appended(record.length, false);
        if (movedSinceCommit.isEmpty()) loop.afterCommit(movedSinceCommit::clear);
        movedSinceCommit.put(message, from);
        garbage(from, message.length);
    }

    void compactionDone() {
        compacting = false;
        compactions++;
    }

    private long append(byte[] record) throws IOException {
        SegmentFile file = headFor(record.length);
        long offset = file.writer.append(record);
        file.totalBytes += record.length;
        file.liveBytes += record.length;
        totalBytes += record.length;
        liveBytes += record.length;
        return StoredMessage.position(file.number, offset);
    }

    private SegmentFile headFor(int length) {
        if (head != null && head.totalBytes > 0 && head.totalBytes + length > segmentSize) {
            SegmentFile full = head;
            head = null;
            full.writer.seal();
            if (full.liveBytes == 0) scheduleDeletion(full);
        }
        if (head == null) {
            int number = ++lastFileNumber;
            SegmentFile file = new SegmentFile(number, directory.resolve(SegmentFile.fileName(number)));
            file.writer = AppendFile.create(file.path, loop, durability, (w, from) -> lost(file, from));
            files.put(number, file);
            head = file;
        }
        return head;
    }

    private void garbage(long position, int length) {
        SegmentFile file = files.get(StoredMessage.file(position));
        file.liveBytes -= length;
        liveBytes -= length;
        if (file.liveBytes == 0 && file != head) scheduleDeletion(file);
    }

    private void scheduleDeletion(SegmentFile file) {
        if (file.deletionScheduled) return;
        file.deletionScheduled = true;
        loop.afterCommit(() -> {
            file.deletionScheduled = false;
            if (file.liveBytes == 0 && file != head && files.get(file.number) == file) {
                try {
                    delete(file);
                } catch (IOException e) {
                    LOG.warn("{}: could not delete {}: {}", name, file.path, e.toString());
                }
            }
        });
    }

    private void delete(SegmentFile file) throws IOException {
        files.remove(file.number, file);
        totalBytes -= file.totalBytes;
        file.delete();
    }

    /** {@code file} lost its bytes from {@code from} on: forget or move back what was there. */
    private void lost(SegmentFile file, long from) {
        for (Map.Entry<MsgId, StoredMessage> entry : index.entrySet()) {
            StoredMessage message = entry.getValue();
            long position = message.position;
            if (position == StoredMessage.PENDING || StoredMessage.file(position) != file.number
                    || StoredMessage.offset(position) < from) {
                continue;
            }
            file.liveBytes -= message.length;
            liveBytes -= message.length;
            Long previous = movedSinceCommit.remove(message);
            SegmentFile origin = previous == null ? null : files.get(StoredMessage.file(previous));
            if (origin != null) { // moved here by compaction: the old copy is still there
                message.position = previous;
                origin.liveBytes += message.length;
                liveBytes += message.length;
            } else {
                index.remove(entry.getKey(), message);
            }
            message.pendingRecord = null;
        }
        totalBytes -= file.totalBytes - from;
        file.totalBytes = from;
        LOG.warn("{}: {} lost its unsynced bytes from offset {} on; their messages are dropped", name, file, from);
        if (file == head) {
            head = null;
            file.writer.seal();
        }
        if (file.liveBytes == 0) scheduleDeletion(file);
    }

    // ---- batch hooks ----

    @Override
    public void afterFlush() {
        for (StoredMessage message : awaitingFlush) message.pendingRecord = null;
        awaitingFlush.clear();
    }

    @Override
    public void afterBatch() {
        if (compacting || files.size() < COMPACTION_MIN_FILES) return;
        long total = totalBytes;
        if ((total - liveBytes) * 2 <= total) return;
        List<SegmentFile> plan = Compactor.plan(files.values(), head);
        if (plan.isEmpty()) return;
        compacting = true;
        compacting = compactor.start(plan);
    }

    @Override
    public void onClose() {
        for (SegmentFile file : files.values()) {
            try {
                if (file.writer != null) file.writer.close();
                file.closeReader();
            } catch (IOException e) {
                LOG.warn("{}: closing {} failed: {}", name, file, e.toString());
            }
        }
    }

    /** Stops the compactor (before the I/O loop drains for the last time). */
    void stopCompactor() {
        compactor.stop();
    }

    // ---- ops ----

    static final class WriteOp extends IoOp {
        private final StoreWriter writer;
        private final MsgId id;
        private final StoredMessage message;
        private final int references;

        WriteOp(StoreWriter writer, MsgId id, StoredMessage message, int references) {
            this.writer = writer;
            this.id = id;
            this.message = message;
            this.references = references;
        }

        @Override
        void run(IoLoop loop) throws IOException {
            try {
                writer.write(id, message, references);
            } finally {
                loop.appended(message.length, true);
            }
        }

        @Override
        void abandon(IOException cause) {
            writer.loop.appended(message.length, true);
        }

        @Override
        public String toString() {
            return writer.name + " write of " + id;
        }
    }

    static final class ReleaseOp extends IoOp {
        private final StoreWriter writer;
        private final MsgId id;

        ReleaseOp(StoreWriter writer, MsgId id) {
            this.writer = writer;
            this.id = id;
        }

        @Override
        void run(IoLoop loop) {
            writer.release(id);
        }

        @Override
        public String toString() {
            return writer.name + " release of " + id;
        }
    }
}
