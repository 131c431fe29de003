package io.warren.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/** The delivered and acked marks of one queue index segment, read from its {@code N.ack} sidecar. */
final class SegmentMarks {
    private final long firstSeq;
    private final BitSet delivered = new BitSet();
    private final BitSet acked = new BitSet();
    private long maxSeq = -1;
    private long validEnd;

    private SegmentMarks(long firstSeq) {
        this.firstSeq = firstSeq;
    }

    /**
     * Reads {@code ackFile} (absent: no marks). When {@code recovering}, bad records are logged at
     * WARN and a torn tail is truncated; otherwise the file is left alone and problems go to DEBUG.
     */
    static SegmentMarks read(Path ackFile, long firstSeq, boolean recovering) throws IOException {
        SegmentMarks marks = new SegmentMarks(firstSeq);
        StandardOpenOption[] options = recovering
                ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new StandardOpenOption[] {StandardOpenOption.READ};
        try (FileChannel channel = FileChannel.open(ackFile, options)) {
            RecordScan.Result result = RecordScan.scan(channel, "queue index file " + ackFile, MarkRecord.FORMAT,
                    (window, offset, length) -> marks.add(MarkRecord.type(window, offset), MarkRecord.seq(window, offset)),
                    recovering);
            if (recovering) RecordScan.cutTail(channel, result, "queue index file " + ackFile);
            marks.validEnd = result.validEnd();
        } catch (NoSuchFileException e) {
            // no marks yet
        }
        return marks;
    }

    private void add(byte type, long seq) {
        long relative = seq - firstSeq;
        if (relative < 0 || relative > Integer.MAX_VALUE) return; // not this segment's: cannot be ours
        maxSeq = Math.max(maxSeq, seq);
        (type == MarkRecord.ACKED ? acked : delivered).set((int) relative);
    }

    boolean delivered(long seq) {
        long relative = seq - firstSeq;
        return relative >= 0 && relative <= Integer.MAX_VALUE && delivered.get((int) relative);
    }

    boolean acked(long seq) {
        long relative = seq - firstSeq;
        return relative >= 0 && relative <= Integer.MAX_VALUE && acked.get((int) relative);
    }

    /** The highest seq marked, or -1. */
    long maxSeq() {
        return maxSeq;
    }

    /** Length of the file's valid records (0 when there is no file). */
    long validEnd() {
        return validEnd;
    }
}
