package io.warren.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Storage} lays out and commits its files. Every default is here.
 *
 * @param segmentSize          bytes after which the message store starts a new {@code .rdq} file
 *                             (a record larger than this gets a file of its own); default 16 MiB
 * @param indexSegmentEntries  sequence numbers per queue index segment ({@code N.idx} + {@code N.ack});
 *                             default 16384
 * @param groupCommitWindow    the longest the I/O thread waits, after a sync request reached it, for
 *                             more work to share the same fsync. It waits only while work keeps
 *                             arriving, so a lone synchronous publisher is not slowed down; zero
 *                             commits as soon as the queued work is drained. Default 5 ms
 * @param writeBufferSize      size of each reusable direct buffer the I/O thread batches appends in;
 *                             default 256 KiB
 */
public record StorageOptions(long segmentSize, int indexSegmentEntries, Duration groupCommitWindow, int writeBufferSize) {
    public static final long DEFAULT_SEGMENT_SIZE = 16L << 20;
    public static final int DEFAULT_INDEX_SEGMENT_ENTRIES = 16_384;
    public static final Duration DEFAULT_GROUP_COMMIT_WINDOW = Duration.ofMillis(5);
    public static final int DEFAULT_WRITE_BUFFER_SIZE = 256 << 10;

    /** The largest segment size: every record starts below it, and its offset must fit in 32 bits. */
    static final long MAX_SEGMENT_SIZE = 1L << 31;

    public StorageOptions {
        Objects.requireNonNull(groupCommitWindow, "groupCommitWindow");
        if (segmentSize < 64 || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segmentSize must be from 64 to " + MAX_SEGMENT_SIZE + " bytes: " + segmentSize);
        }
        if (indexSegmentEntries < 1) throw new IllegalArgumentException("indexSegmentEntries must be positive: " + indexSegmentEntries);
        if (groupCommitWindow.isNegative()) throw new IllegalArgumentException("groupCommitWindow must not be negative: " + groupCommitWindow);
        if (writeBufferSize < 4096) throw new IllegalArgumentException("writeBufferSize must be at least 4096 bytes: " + writeBufferSize);
    }

    /** The defaults: 16 MiB segments, 16384 entries per index segment, 5 ms commit window, 256 KiB buffers. */
    public static StorageOptions defaults() {
        return new StorageOptions(DEFAULT_SEGMENT_SIZE, DEFAULT_INDEX_SEGMENT_ENTRIES, DEFAULT_GROUP_COMMIT_WINDOW,
                DEFAULT_WRITE_BUFFER_SIZE);
    }

    public StorageOptions withSegmentSize(long bytes) {
        return new StorageOptions(bytes, indexSegmentEntries, groupCommitWindow, writeBufferSize);
    }

    public StorageOptions withIndexSegmentEntries(int entries) {
        return new StorageOptions(segmentSize, entries, groupCommitWindow, writeBufferSize);
    }

    public StorageOptions withGroupCommitWindow(Duration window) {
        return new StorageOptions(segmentSize, indexSegmentEntries, window, writeBufferSize);
    }

    public StorageOptions withWriteBufferSize(int bytes) {
        return new StorageOptions(segmentSize, indexSegmentEntries, groupCommitWindow, bytes);
    }
}
