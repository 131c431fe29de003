package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Random access to a file through a sliding heap window, for the recovery and compaction scans:
 * {@link #ensure} loads the bytes asked for (reading ahead a window's worth), then the accessors
 * read them by absolute file offset. Reads go sequentially through a file in large chunks even
 * though records are small. Not thread-safe: one scan, one window.
 */
final class FileWindow {
    static final int DEFAULT_CAPACITY = 1 << 20;

    private final FileChannel channel;
    private final long fileSize;
    private ByteBuffer buffer;
    private long start;
    private int valid;

    FileWindow(FileChannel channel, long fileSize, int capacity) {
        this.channel = channel;
        this.fileSize = fileSize;
        this.buffer = ByteBuffer.allocate(capacity);
    }

    long fileSize() {
        return fileSize;
    }

    /** Makes {@code [position, position + length)} readable; false when that range ends past the end of the file. */
    boolean ensure(long position, int length) throws IOException {
        if (position < 0 || length < 0 || position + length > fileSize) return false;
        if (position >= start && position + length <= start + valid) return true;
        if (length > buffer.capacity()) buffer = ByteBuffer.allocate(Math.max(length, buffer.capacity() * 2));
        buffer.clear();
        long readAt = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, readAt);
            if (n < 0) break;
            readAt += n;
        }
        start = position;
        valid = buffer.position();
        return valid >= length;
    }

    /** Whether every byte from {@code position} to the end of the file is zero: the filled-ahead tail of a {@link ZeroFill}. */
    boolean zerosToEnd(long position) throws IOException {
        long at = position;
        while (at < fileSize) {
            int length = (int) Math.min(buffer.capacity(), fileSize - at);
            if (!ensure(at, length)) return false;
            byte[] bytes = buffer.array();
            for (int i = index(at), end = i + length; i < end; i++) {
                if (bytes[i] != 0) return false;
            }
            at += length;
        }
        return true;
    }

    byte byteAt(long position) {
        return buffer.get(index(position));
    }

    int intAt(long position) {
        return buffer.getInt(index(position));
    }

    long longAt(long position) {
        return buffer.getLong(index(position));
    }

    MsgId msgIdAt(long position) {
        return MsgId.readAt(buffer, index(position));
    }

    /** CRC32C of an ensured range. */
    int crc32c(long position, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), index(position), length);
        return (int) crc.getValue();
    }

    /** A copy of an ensured range. */
    byte[] copy(long position, int length) {
        byte[] out = new byte[length];
        System.arraycopy(buffer.array(), index(position), out, 0, length);
        return out;
    }

    private int index(long position) {
        return (int) (position - start);
    }
}
