package io.warren.store;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identity of one stored message: 128 bits, written as 16 bytes (high then low, big-endian).
 *
 * <p>{@link #random()} promises ids that are unique within this process and, with overwhelming
 * probability, distinct from every id of earlier runs: the high half is drawn once per process
 * from a {@link SecureRandom}, the low half counts up. It takes no lock and allocates only the
 * record itself.
 */
public record MsgId(long high, long low) {
    /** Bytes an id takes on disk. */
    public static final int BYTES = 16;

    private static final long PROCESS_HIGH = new SecureRandom().nextLong();
    private static final AtomicLong COUNTER = new AtomicLong(new SecureRandom().nextLong());

    /** A new id, never returned before by this process. */
    public static MsgId random() {
        return new MsgId(PROCESS_HIGH, COUNTER.getAndIncrement());
    }

    /** Writes the 16 bytes at the buffer's position and advances it. */
    public void writeTo(ByteBuffer buffer) {
        buffer.putLong(high).putLong(low);
    }

    /** Reads 16 bytes at the buffer's position and advances it. */
    public static MsgId readFrom(ByteBuffer buffer) {
        return new MsgId(buffer.getLong(), buffer.getLong());
    }

    /** Reads 16 bytes at an absolute index, leaving the position alone. */
    static MsgId readAt(ByteBuffer buffer, int index) {
        return new MsgId(buffer.getLong(index), buffer.getLong(index + 8));
    }

    /** 32 hexadecimal digits, as in log lines. */
    @Override
    public String toString() {
        return String.format("%016x%016x", high, low);
    }
}
