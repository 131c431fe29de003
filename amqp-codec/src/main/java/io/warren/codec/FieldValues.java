package io.warren.codec;

import java.util.Arrays;

/**
 * Field-table values whose AMQP type has no Java type of its own. Decoding and re-encoding a
 * table keeps every value's type tag: {@code B}, {@code u}, {@code i} and {@code x} decode to
 * these records, the other tags to plain Java types (see {@link FieldCodec}).
 */
public final class FieldValues {
    private FieldValues() {}

    /** Field type {@code B}: an unsigned octet, 0..255. */
    public record UnsignedByte(int value) {
        public UnsignedByte {
            if (value < 0 || value > 0xFF) throw new IllegalArgumentException("unsigned byte out of range: " + value);
        }
    }

    /** Field type {@code u}: an unsigned short, 0..65535. */
    public record UnsignedShort(int value) {
        public UnsignedShort {
            if (value < 0 || value > 0xFFFF) throw new IllegalArgumentException("unsigned short out of range: " + value);
        }
    }

    /** Field type {@code i}: an unsigned 32-bit integer. */
    public record UnsignedInt(long value) {
        public UnsignedInt {
            if (value < 0 || value > 0xFFFF_FFFFL) throw new IllegalArgumentException("unsigned int out of range: " + value);
        }
    }

    /** Field type {@code x}: a byte array. Equality is by content. */
    public record ByteArray(byte[] bytes) {
        public ByteArray {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteArray other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "ByteArray" + Arrays.toString(bytes);
        }
    }
}
