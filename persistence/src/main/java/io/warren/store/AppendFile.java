package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One append-only file written by the I/O thread, with its bytes in three states: buffered (in a
 * pooled direct buffer), flushed (written to the OS), durable (forced to disk). {@link #size()}
 * counts all three, so an append knows its offset at once.
 *
 * <p>Batching: appends are copied into a borrowed buffer; the {@link IoLoop} flushes every file at
 * the end of a batch (one positional write each, the buffer going back to the pool) and forces
 * the durable ones at a commit (every commit, or lazily: see {@link Durability}). A record larger
 * than a buffer is written straight through.
 *
 * <p>Length: a {@link Durability#SYNCED} file is kept ahead of its data with zeros
 * ({@link ZeroFill}), so its fsyncs need not write its size; the zeros are trimmed when it is sealed
 * or closed, and recovery ends a file where only zeros follow.
 *
 * <p>Failure: when a write or force throws, the file is truncated back to its durable size (so
 * no torn record stays in the middle of a file), the owner learns which bytes were lost through
 * its {@link LossListener}, and the failure is recorded for the current commit (its sync
 * callbacks fail). If even the truncation fails, later appends go after whatever the file holds,
 * zeros filled ahead included (recovery skips such a stretch with a WARN), or fail when not even
 * the file's size can be learned.
 *
 * <p>Threading: confined to the I/O thread (and to the recovery thread before the I/O thread starts).
 */
final class AppendFile {
    /** When a file's flushed bytes are forced to disk. */
    enum Durability {
        /** At every commit: what sync callbacks wait for. */
        SYNCED,
        /** Lazily: at a commit at least a second after the last such force, at one that deletes files, once sealed, and at close. */
        LAZY,
        /** Never: the data need not survive a crash (the paging store). */
        NONE
    }

    /** Told which bytes of the file were lost after a failed write or force. */
    @FunctionalInterface
    interface LossListener {
        LossListener NONE = (file, from) -> { };

        void lost(AppendFile file, long fromOffset);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AppendFile.class);

    private final Path path;
    private final IoLoop loop;
    private final Durability durability;
    private final LossListener onLoss;
    private final ZeroFill zeroFill;
    private FileChannel channel;
    private ByteBuffer buffer;
    private long flushedSize;
    private long durableSize;
    private boolean broken;
    private boolean newFile;
    private boolean registeredDirty;
    private boolean registeredUnflushed;
    private boolean sealed;
    private boolean closed;

    private AppendFile(Path path, IoLoop loop, Durability durability, long size, boolean newFile, LossListener onLoss) {
        this.path = path;
        this.loop = loop;
        this.durability = durability;
        this.onLoss = onLoss;
        this.flushedSize = size;
        this.durableSize = size;
        this.newFile = newFile;
        this.zeroFill = durability == Durability.SYNCED ? new ZeroFill() : null;
    }

    /** A file that does not exist yet; it is created at the first flush and its directory synced at the next commit. */
    static AppendFile create(Path path, IoLoop loop, Durability durability, LossListener onLoss) {
        return new AppendFile(path, loop, durability, 0, true, onLoss);
    }

    /** An existing file of {@code size} bytes (on disk already, zeros cut off by recovery), appended to from its end. */
    static AppendFile existing(Path path, IoLoop loop, Durability durability, long size, LossListener onLoss) {
        return new AppendFile(path, loop, durability, size, false, onLoss);
    }

    Path path() {
        return path;
    }

    Durability durability() {
        return durability;
    }

    /** Bytes appended so far, buffered ones included: the offset of the next append. */
    long size() {
        return flushedSize + (buffer == null ? 0 : buffer.position());
    }

    /** Appends {@code record} and returns its offset. */
    long append(byte[] record) throws IOException {
        ensureAppendable();
        long offset = size();
        if (record.length > loop.buffers().bufferSize()) {
            flushBuffer();
            writeFully(ByteBuffer.wrap(record));
        } else {
            bufferFor(record.length).put(record);
        }
        return offset;
    }

    /**
     * The write buffer with room for {@code length} more bytes (at most a pool buffer's size):
     * the caller puts exactly that many bytes at its position.
     */
    ByteBuffer bufferFor(int length) throws IOException {
        ensureAppendable();
        if (buffer == null) {
            buffer = loop.buffers().take();
        } else if (buffer.remaining() < length) {
            flushBuffer();
        }
        if (!registeredUnflushed) {
            registeredUnflushed = true;
            loop.unflushed(this);
        }
        markDirty();
        return buffer;
    }

    /** Writes the buffered bytes to the OS and gives the buffer back (end of a batch). */
    void flush() throws IOException {
        registeredUnflushed = false;
        if (buffer == null) return;
        try {
            flushBuffer();
        } finally {
            if (buffer != null) loop.buffers().give(buffer);
            buffer = null;
        }
        if (sealed && !registeredDirty) trimAndClose();
    }

    boolean sealed() {
        return sealed;
    }

    /** Takes appends again after {@link #seal}; the channel reopens at the next flush if it was closed. */
    void unseal() {
        sealed = false;
    }

    /** No more appends will come: the channel closes once the bytes are flushed (and forced, if durable). */
    void seal() {
        sealed = true;
        if (!registeredDirty && !registeredUnflushed) trimAndClose();
    }

    /**
     * Forces the flushed bytes to disk (the I/O loop flushes first); for a non-durable file only
     * marks them so. Returns whether an fsync was needed.
     */
    boolean force() throws IOException {
        registeredDirty = false;
        if (closed || channel == null) return false;
        boolean needed = durability != Durability.NONE && durableSize != flushedSize;
        if (needed) {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw lose(e, "fsync of " + path);
            }
        }
        durableSize = flushedSize;
        if (sealed) trimAndClose();
        return needed;
    }

    /** Flushes, forces and closes: the owner is done with the file. */
    void close() throws IOException {
        if (closed) return;
        try {
            flush();
            force();
            trimZeros();
        } finally {
            discard();
        }
    }

    /** Drops buffered bytes and closes the channel without writing anything more (the file is being deleted). */
    void discard() {
        closed = true;
        if (buffer != null) loop.buffers().give(buffer);
        buffer = null;
        closeChannel();
    }

    private void flushBuffer() throws IOException {
        if (buffer == null || buffer.position() == 0) return;
        buffer.flip();
        try {
            writeFully(buffer);
        } finally {
            if (buffer != null) buffer.clear();
        }
    }

    private void writeFully(ByteBuffer source) throws IOException {
        if (closed) throw new IllegalStateException("write to closed file " + path);
        try {
            FileChannel ch = channel();
            long position = flushedSize;
            while (source.hasRemaining()) position += ch.write(source, position);
            flushedSize = position;
            if (durability == Durability.NONE) durableSize = flushedSize;
            if (zeroFill != null) zeroFill.afterWrite(ch, flushedSize, path);
            markDirty();
        } catch (IOException e) {
            throw lose(e, "write to " + path);
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = loop.opener().openForAppend(path);
            if (zeroFill != null) zeroFill.opened(channel, flushedSize);
            if (newFile && durability != Durability.NONE) loop.directoryChanged(path.getParent());
            newFile = false;
        }
        return channel;
    }

    private void markDirty() {
        if (durability != Durability.NONE && !registeredDirty) {
            registeredDirty = true;
            loop.dirty(this);
        }
    }

    private void ensureAppendable() throws IOException {
        if (closed || sealed) throw new IllegalStateException("append to " + (closed ? "closed" : "sealed") + " file " + path);
        if (broken) throw new IOException(path + " is unusable since a failed write could not be rolled back");
    }

    /** Rolls the file back to its durable size after a failure, tells the owner, records the failure. */
    private IOException lose(IOException cause, String context) {
        if (buffer != null) buffer.clear();
        try {
            if (channel != null) channel.truncate(durableSize);
            flushedSize = durableSize;
            if (zeroFill != null) zeroFill.truncated(durableSize);
        } catch (IOException truncateFailure) {
            cause.addSuppressed(truncateFailure);
            try {
                flushedSize = channel.size(); // appends go after the unknown bytes; recovery skips them
            } catch (IOException sizeFailure) {
                broken = true;
            }
        }
        closeChannel();
        loop.recordFailure(cause, context);
        onLoss.lost(this, durableSize);
        return cause;
    }

    /** Closes the channel of a sealed (or closing) file after cutting off the zeros past its data. */
    private void trimAndClose() {
        trimZeros();
        closeChannel();
    }

    private void trimZeros() {
        if (channel == null || zeroFill == null || !zeroFill.hasZerosAfter(flushedSize)) return;
        try {
            channel.truncate(flushedSize);
            zeroFill.truncated(flushedSize);
        } catch (IOException e) {
            // the zeros stay: they cost disk space only, and recovery cuts them off
            LOG.debug("{}: trimming the zeros past the data failed: {}", path, e.toString());
        }
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a channel we only append to cannot lose anything more than a failed write did
        }
        channel = null;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
