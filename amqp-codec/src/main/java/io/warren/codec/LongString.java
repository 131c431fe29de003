package io.warren.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An AMQP long string: an uninterpreted byte sequence of up to 2^32-1 bytes (field type {@code S}
 * in tables, {@code longstr} in method arguments). Immutable; equality is by content.
 * {@link #toString()} decodes the bytes as UTF-8.
 */
public final class LongString implements Comparable<LongString> {
    public static final LongString EMPTY = new LongString(new byte[0]);

    private final byte[] bytes;

    private LongString(byte[] bytes) {
        this.bytes = bytes;
    }

    public static LongString of(String text) {
        return new LongString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps a copy of {@code bytes}. */
    public static LongString of(byte[] bytes) {
        return new LongString(bytes.clone());
    }

    /** Wraps {@code bytes} without copying; the caller gives up the array. */
    static LongString wrap(byte[] bytes) {
        return new LongString(bytes);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(LongString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
