package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a queue index back, in two passes.
 *
 * <p><b>At open</b> ({@link #recover}): every segment's marks and publish records are scanned once,
 * bad records skipped and torn tails truncated with a WARN. For each publish not acked, the
 * message store is asked to claim the body (unless embedded); a body it does not have (its file
 * was deleted after the last release, but the ack never reached the disk) is reported as missing.
 * Fully acked segments are deleted. Bodies are not copied in this pass.
 *
 * <p><b>When the broker asks</b> ({@link #readSegment}): one segment at a time, its entries not
 * acked, sorted by seq, with embedded bodies; so a million entries never need to be in memory at once.
 */
final class IndexRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(IndexRecovery.class);
    private static final Pattern SEGMENT_FILE = Pattern.compile("(\\d+)\\.(idx|ack)");

    /** One segment as found at open: its valid file lengths (-1: absent) and entries not acked. */
    record SegmentSummary(long firstSeq, long indexSize, long marksSize, int live) {
    }

    /**
     * What the open-time pass learned about one queue.
     *
     * @param segments  segments with entries not acked, in order
     * @param nextSeq   one past the highest seq seen anywhere
     * @param entries   entries not acked
     * @param missing   seqs of entries whose body the message store does not hold
     */
    record Summary(List<SegmentSummary> segments, long nextSeq, long entries, Set<Long> missing) {
    }

    private IndexRecovery() {
    }

    static Summary recover(Path directory, Predicate<MsgId> claim) throws IOException {
        List<SegmentSummary> segments = new ArrayList<>();
        Set<Long> missing = new TreeSet<>();
        long nextSeq = 0;
        long entries = 0;
        for (long firstSeq : segmentSeqs(directory)) {
            Path indexPath = directory.resolve(firstSeq + ".idx");
            Path marksPath = directory.resolve(firstSeq + ".ack");
            SegmentMarks marks = SegmentMarks.read(marksPath, firstSeq, true);
            nextSeq = Math.max(nextSeq, marks.maxSeq() + 1);
            if (!Files.exists(indexPath)) {
                LOG.info("queue index file {} has no {} (a deletion cut short by a crash): removed", marksPath, indexPath.getFileName());
                Files.deleteIfExists(marksPath);
                continue;
            }
            ClaimingScan scan = new ClaimingScan(marks, claim, missing);
            long indexSize = scanPublishes(indexPath, scan, true);
            nextSeq = Math.max(nextSeq, scan.maxSeq + 1);
            if (scan.live == 0) {
                Files.deleteIfExists(indexPath);
                Files.deleteIfExists(marksPath);
                continue;
            }
            long marksSize = Files.exists(marksPath) ? marks.validEnd() : -1;
            segments.add(new SegmentSummary(firstSeq, indexSize, marksSize, scan.live));
            entries += scan.live;
        }
        if (!missing.isEmpty()) {
            LOG.warn("queue index {}: {} entries refer to messages the message store does not hold; they are dropped",
                    directory, missing.size());
        }
        return new Summary(List.copyOf(segments), nextSeq, entries, missing);
    }

    /** The entries of one segment not acked (nor {@code missing}), sorted by seq; empty when the segment is gone. */
    static List<RecoveredEntry> readSegment(Path directory, long firstSeq, Set<Long> missing) throws IOException {
        SegmentMarks marks = SegmentMarks.read(directory.resolve(firstSeq + ".ack"), firstSeq, false);
        List<RecoveredEntry> entries = new ArrayList<>();
        try {
            scanPublishes(directory.resolve(firstSeq + ".idx"), (window, offset, length) -> {
                long seq = PublishRecord.seq(window, offset);
                if (marks.acked(seq) || missing.contains(seq)) return;
                ByteBuffer body = PublishRecord.embedded(window, offset) ? PublishRecord.body(window, offset, length) : null;
                entries.add(new RecoveredEntry(seq, PublishRecord.id(window, offset), marks.delivered(seq), body));
            }, false);
        } catch (NoSuchFileException e) {
            return List.of(); // fully acked and deleted meanwhile
        }
        entries.sort(Comparator.comparingLong(RecoveredEntry::seq));
        return entries;
    }

    /** First seqs of the segments in {@code directory}, ascending. */
    static TreeSet<Long> segmentSeqs(Path directory) throws IOException {
        TreeSet<Long> seqs = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                Matcher name = SEGMENT_FILE.matcher(file.getFileName().toString());
                if (name.matches()) seqs.add(Long.parseLong(name.group(1)));
            }
        }
        return seqs;
    }

    /** Scans a {@code .idx} file; when recovering, truncates a torn tail. Returns the valid length. */
    private static long scanPublishes(Path indexPath, RecordScan.Visitor visitor, boolean recovering) throws IOException {
        StandardOpenOption[] options = recovering
                ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new StandardOpenOption[] {StandardOpenOption.READ};
        try (FileChannel channel = FileChannel.open(indexPath, options)) {
            RecordScan.Result result = RecordScan.scan(channel, "queue index file " + indexPath, PublishRecord.FORMAT,
                    visitor, recovering);
            if (recovering) RecordScan.cutTail(channel, result, "queue index file " + indexPath);
            return result.validEnd();
        }
    }

    /** The open-time visitor: counts live entries and claims their bodies. */
    private static final class ClaimingScan implements RecordScan.Visitor {
        private final SegmentMarks marks;
        private final Predicate<MsgId> claim;
        private final Set<Long> missing;
        int live;
        long maxSeq = -1;

        ClaimingScan(SegmentMarks marks, Predicate<MsgId> claim, Set<Long> missing) {
            this.marks = marks;
            this.claim = claim;
            this.missing = missing;
        }

        @Override
        public void record(FileWindow window, long offset, int length) {
            long seq = PublishRecord.seq(window, offset);
            maxSeq = Math.max(maxSeq, seq);
            if (marks.acked(seq)) return;
            live++;
            if (!PublishRecord.embedded(window, offset) && !claim.test(PublishRecord.id(window, offset))) missing.add(seq);
        }
    }
}
