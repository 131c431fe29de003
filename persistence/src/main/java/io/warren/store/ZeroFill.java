package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a synced file's length ahead of its data with zeros, so that the fsync after an append
 * writes data blocks only.
 *
 * <p>Why: an {@code fdatasync} after a write that grows a file must also write the inode (its new
 * size), which on ext4 is a second, synchronous device round trip, and on a journalling file system
 * a journal commit. With the blocks already written (zeros) and the size already on disk, an append
 * inside them changes neither, so the fsync is one data write: 160 µs against 290 µs per fsync on
 * this machine's disk. {@code fallocate} does not help: its unwritten extents must be converted, a
 * metadata change again. PostgreSQL fills its WAL segments with zeros for the same reason.
 *
 * <p>Layout: {@code [0, dataEnd)} records, {@code [dataEnd, filledTo)} zeros. Filling starts once
 * a file holds {@link #FIRST_FILL_AT} bytes of data: a quiet queue's index (a broker may have
 * thousands) keeps the exact size of its data and pays for the inode on its rare fsyncs. From then
 * on, when fewer than {@link #LOW_WATER} bytes of zeros remain ahead after a write, the file is
 * filled to a step past the data. Each fill changes the size once (one fsync that writes the inode),
 * so the step doubles from 64 KiB to 4 MiB: a busy file changes size once per 4 MiB. A fill is never
 * larger than the data before it, so a file's zeros never exceed its data. The owner trims the zeros
 * when the file is sealed or closed, and recovery cuts them off.
 *
 * <p>Cost: every block is written twice (zeros, then data), and the commit after a fill also writes
 * the fill (up to 4 MiB, a few milliseconds on a fast disk).
 *
 * <p>Crash: a zero tail is no record (a record starts with its non-zero length and ends with a
 * marker), and {@link RecordScan} ends a file quietly where only zeros follow; so recovery finds
 * the data's end as before. A fill that fails (a full disk) turns filling off for this file: the
 * appends then grow the file as they did before, and fail or succeed on their own.
 *
 * <p>Threading: confined to the owning {@link AppendFile}'s thread.
 */
final class ZeroFill {
    static final int MIN_STEP = 64 << 10;
    static final int MAX_STEP = 4 << 20;
    static final int LOW_WATER = MIN_STEP / 2;
    static final int FIRST_FILL_AT = MIN_STEP;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(MIN_STEP).asReadOnlyBuffer();
    private static final Logger LOG = LoggerFactory.getLogger(ZeroFill.class);

    private long filledTo;
    private int step = MIN_STEP;
    private boolean off;

    /** The file's channel was (re)opened with data up to {@code dataEnd}: learns how far zeros already reach. */
    void opened(FileChannel channel, long dataEnd) throws IOException {
        filledTo = Math.max(dataEnd, channel.size());
    }

    /** The file was cut back to {@code size} bytes (a failed write rolled back, or a trim). */
    void truncated(long size) {
        filledTo = size;
    }

    /** Whether zeros lie past {@code dataEnd}, for the owner to trim. */
    boolean hasZerosAfter(long dataEnd) {
        return filledTo > dataEnd;
    }

    /** Data now reaches {@code dataEnd}: fills ahead if the file is big enough and fewer than {@link #LOW_WATER} bytes of zeros remain. */
    void afterWrite(FileChannel channel, long dataEnd, Path file) {
        if (off || dataEnd < FIRST_FILL_AT || filledTo - dataEnd >= LOW_WATER) return;
        long from = Math.max(filledTo, dataEnd);
        long to = dataEnd + Math.min(step, dataEnd);
        try {
            for (long at = from; at < to; ) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), to - at));
                at += channel.write(zeros, at);
                filledTo = at;
            }
            step = Math.min(step * 2, MAX_STEP);
        } catch (IOException e) {
            off = true;
            filledTo = Math.max(filledTo, to); // part of the fill may have landed: let the owner trim it
            LOG.info("{}: filling ahead with zeros failed ({}); appends grow this file from here on", file, e.toString());
        }
    }
}
