package io.warren.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O thread's half of a {@link QueueIndex}: appends publish records to the segment of their
 * seq and marks to its sidecar, counts each segment's publishes not acked, and deletes a segment
 * once that count is zero and it is not the segment receiving the newest publishes.
 *
 * <p>Segments: seqs of this run map to segments of {@code entriesPerSegment} starting at the
 * first seq of the run; recovered segments keep the ranges they had. Publishers take seqs on
 * their own threads, so publishes may reach this thread slightly out of order: each goes to its
 * seq's segment, recreated if it was deleted as fully acked just before.
 *
 * <p>The queue's directory and its {@code name} file are created at the first publish.
 */
final class IndexWriter {
    private static final Logger LOG = LoggerFactory.getLogger(IndexWriter.class);

    private final String key;
    private final Path directory;
    private final IoLoop loop;
    private final int entriesPerSegment;
    private final long runBase;
    private final TreeMap<Long, IndexSegment> segments = new TreeMap<>();
    private IndexSegment newest;
    private IndexSegment lastMarked;
    private boolean directoryReady;
    private boolean deleted;

    /** A writer for a new queue, or for a recovered one ({@code recovered} non-null). */
    IndexWriter(String key, Path directory, IoLoop loop, int entriesPerSegment, IndexRecovery.Summary recovered) {
        this.key = key;
        this.directory = directory;
        this.loop = loop;
        this.entriesPerSegment = entriesPerSegment;
        this.runBase = recovered == null ? 0 : recovered.nextSeq();
        if (recovered != null) {
            directoryReady = true;
            List<IndexRecovery.SegmentSummary> list = recovered.segments();
            for (int i = 0; i < list.size(); i++) {
                IndexRecovery.SegmentSummary s = list.get(i);
                long end = i + 1 < list.size() ? list.get(i + 1).firstSeq() : runBase;
                IndexSegment segment = new IndexSegment(directory, s.firstSeq(), end, s.indexSize(), s.marksSize());
                segment.live = s.live();
                segments.put(s.firstSeq(), segment);
            }
        }
    }

    /** The first seq this run hands out. */
    long runBase() {
        return runBase;
    }

    void publish(long seq, byte[] record) throws IOException {
        if (deleted) return;
        IndexSegment segment = segmentForPublish(seq);
        segment.live++;
        segment.index(loop).append(record);
        if (newest == null || segment.firstSeq > newest.firstSeq) {
            IndexSegment previous = newest;
            newest = segment;
            if (previous != null) {
                previous.sealIndex();
                deleteIfDone(previous);
            }
        } else if (segment != newest) {
            segment.sealIndex(); // a late publish: do not keep the file open for more
        }
    }

    void mark(byte type, long seq) throws IOException {
        if (deleted) return;
        IndexSegment segment = lastMarked != null && lastMarked.contains(seq) ? lastMarked : lookup(seq);
        if (segment == null) {
            LOG.debug("queue index {}: mark for seq {} outside every segment ignored", key, seq);
            return;
        }
        if (segment != lastMarked) {
            if (lastMarked != null) lastMarked.sealMarks();
            lastMarked = segment;
        }
        if (type == MarkRecord.ACKED) segment.live--;
        MarkRecord.put(segment.marks(loop).bufferFor(MarkRecord.LENGTH), type, seq);
        if (type == MarkRecord.ACKED) deleteIfDone(segment);
    }

    /** Removes every file of the queue. */
    void delete() throws IOException {
        deleted = true;
        for (IndexSegment segment : segments.values()) segment.delete();
        segments.clear();
        newest = null;
        lastMarked = null;
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            // never written
        }
    }

    /** Closes the files once the I/O thread has stopped (it flushed and forced them). */
    void close() {
        for (IndexSegment segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                LOG.warn("queue index {}: closing a segment failed: {}", key, e.toString());
            }
        }
    }

    private IndexSegment segmentForPublish(long seq) throws IOException {
        long firstSeq = runBase + Math.floorDiv(seq - runBase, (long) entriesPerSegment) * entriesPerSegment;
        IndexSegment segment = segments.get(firstSeq);
        if (segment == null) {
            ensureDirectory();
            segment = new IndexSegment(directory, firstSeq, firstSeq + entriesPerSegment, -1, -1);
            segments.put(firstSeq, segment);
        }
        return segment;
    }

    private IndexSegment lookup(long seq) {
        Map.Entry<Long, IndexSegment> entry = segments.floorEntry(seq);
        return entry != null && entry.getValue().contains(seq) ? entry.getValue() : null;
    }

    private void deleteIfDone(IndexSegment segment) throws IOException {
        if (segment.live > 0 || segment == newest) return;
        segments.remove(segment.firstSeq, segment);
        if (lastMarked == segment) lastMarked = null;
        segment.delete();
    }

    private void ensureDirectory() throws IOException {
        if (directoryReady) return;
        Files.createDirectories(directory);
        AtomicFile.write(directory.resolve(QueueDirectories.NAME_FILE), key.getBytes(StandardCharsets.UTF_8));
        loop.directoryChanged(directory.getParent());
        directoryReady = true;
    }

    static final class PublishOp extends IoOp {
        private final IndexWriter writer;
        private final long seq;
        private final byte[] record;

        PublishOp(IndexWriter writer, long seq, byte[] record) {
            this.writer = writer;
            this.seq = seq;
            this.record = record;
        }

        @Override
        void run(IoLoop loop) throws IOException {
            writer.publish(seq, record);
        }

        @Override
        public String toString() {
            return "queue index " + writer.key + " publish of seq " + seq;
        }
    }

    static final class MarkOp extends IoOp {
        private final IndexWriter writer;
        private final byte type;
        private final long seq;

        MarkOp(IndexWriter writer, byte type, long seq) {
            this.writer = writer;
            this.type = type;
            this.seq = seq;
        }

        @Override
        void run(IoLoop loop) throws IOException {
            writer.mark(type, seq);
        }

        @Override
        public String toString() {
            return "queue index " + writer.key + (type == MarkRecord.ACKED ? " ack of seq " : " delivery of seq ") + seq;
        }
    }

    static final class DeleteOp extends IoOp {
        private final IndexWriter writer;

        DeleteOp(IndexWriter writer) {
            this.writer = writer;
        }

        @Override
        void run(IoLoop loop) throws IOException {
            writer.delete();
        }

        @Override
        public String toString() {
            return "deletion of queue index " + writer.key;
        }
    }
}
