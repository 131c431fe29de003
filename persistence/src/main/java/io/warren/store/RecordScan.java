package io.warren.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a file of self-checking records ({@link RecordFormat}) from the start, for recovery and
 * compaction. A bad record (wrong size, checksum or end marker) is not fatal: the scan searches
 * forward byte by byte for the next valid record and carries on from there, logging a WARN with
 * the file and offset. Zeros from a point to the end of the file are the filled-ahead tail of a
 * {@link ZeroFill}, not damage: the data ends there, quietly. Bad bytes with no valid record after
 * them are a torn tail. The result says where the valid data ends, and {@link #cutTail} truncates
 * there. A false resynchronisation would need random bytes to pass a size check, an end marker and
 * a CRC32C, so it is not a practical concern.
 */
final class RecordScan {
    /** Sees each valid record; the window holds the record's bytes during the call. */
    @FunctionalInterface
    interface Visitor {
        void record(FileWindow window, long offset, int length) throws IOException;
    }

    /**
     * @param validEnd        offset just past the last valid record; the file may be longer even
     *                        when the tail is not torn (zeros filled ahead)
     * @param tornTail        bytes after {@code validEnd} hold no valid record and are not all zero
     * @param corruptRegions  bad stretches skipped before {@code validEnd}
     */
    record Result(long validEnd, boolean tornTail, int corruptRegions) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordScan.class);

    private RecordScan() {
    }

    /** Scans all of {@code channel}; {@code name} identifies the file in log lines; {@code warn} false logs at DEBUG. */
    static Result scan(FileChannel channel, String name, RecordFormat format, Visitor visitor, boolean warn) throws IOException {
        long size = channel.size();
        FileWindow window = new FileWindow(channel, size, (int) Math.max(64, Math.min(FileWindow.DEFAULT_CAPACITY, size)));
        long position = 0;
        int corrupt = 0;
        while (position < size) {
            int length = format.validLength(window, position);
            if (length > 0) {
                visitor.record(window, position, length);
                position += length;
                continue;
            }
            if (window.zerosToEnd(position)) {
                LOG.debug("{}: data ends at offset {}, followed by {} bytes of zeros", name, position, size - position);
                return new Result(position, false, corrupt);
            }
            long next = nextValid(window, format, position + 1);
            if (next < 0) {
                log(warn, "{}: torn or corrupt tail at offset {} ({} bytes), dropped", name, position, size - position);
                return new Result(position, true, corrupt);
            }
            corrupt++;
            log(warn, "{}: corrupt record at offset {} (bad size, checksum or end marker), skipped {} bytes to the next valid record",
                    name, position, next - position);
            position = next;
        }
        return new Result(position, false, corrupt);
    }

    /**
     * After a recovery scan of {@code channel} (opened for writing): cuts off a torn tail, forced and
     * logged at WARN as {@code name}, or zeros filled ahead, quietly (a write head fills again as it
     * grows). Afterwards the file is exactly its valid records.
     */
    static void cutTail(FileChannel channel, Result result, String name) throws IOException {
        if (result.tornTail()) {
            channel.truncate(result.validEnd());
            channel.force(true);
            LOG.warn("{} truncated to {} bytes", name, result.validEnd());
        } else if (channel.size() > result.validEnd()) {
            channel.truncate(result.validEnd());
        }
    }

    private static long nextValid(FileWindow window, RecordFormat format, long from) throws IOException {
        long last = window.fileSize() - format.minLength();
        for (long candidate = from; candidate <= last; candidate++) {
            if (format.validLength(window, candidate) > 0) return candidate;
        }
        return -1;
    }

    private static void log(boolean warn, String message, Object... args) {
        if (warn) {
            LOG.warn(message, args);
        } else {
            LOG.debug(message, args);
        }
    }
}
