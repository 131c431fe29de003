package io.warren.codec;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes AMQP data types: short and long strings, timestamps, field tables and
 * field arrays with every value type RabbitMQ's clients send.
 *
 * <p>Value types decode as: {@code t} Boolean, {@code b} Byte, {@code B} {@link FieldValues.UnsignedByte},
 * {@code s} Short, {@code u} {@link FieldValues.UnsignedShort}, {@code I} Integer,
 * {@code i} {@link FieldValues.UnsignedInt}, {@code l} Long, {@code f} Float, {@code d} Double,
 * {@code D} BigDecimal, {@code S} {@link LongString}, {@code x} {@link FieldValues.ByteArray},
 * {@code A} List, {@code T} Instant (seconds), {@code F} Map (insertion-ordered, unmodifiable),
 * {@code V} null. Encoding maps them back to the same tags, and also accepts String (as {@code S}),
 * byte[] (as {@code x}) and Date (as {@code T}).
 *
 * <p>Malformed input raises {@link MalformedFrameException}; reading past the end of the
 * buffer raises Netty's {@link IndexOutOfBoundsException}. The frame decoder turns both into
 * protocol errors.
 */
public final class FieldCodec {
    /** Tables nested deeper than this are refused: a bound on the decoder's stack. */
    public static final int MAX_NESTING = 64;

    private static final Class<?> UNMODIFIABLE_MAP = Collections.unmodifiableMap(new HashMap<>()).getClass();

    private FieldCodec() {}

    public static String readShortString(ByteBuf in) {
        int length = in.readUnsignedByte();
        if (length == 0) return "";
        // readCharSequence checks the capacity, not the readable bytes: the frame decoder's payload window ends before the capacity
        if (in.readableBytes() < length) throw new IndexOutOfBoundsException("short string of " + length + " octets");
        return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    public static void writeShortString(ByteBuf out, String s) {
        int lengthIndex = out.writerIndex();
        out.writeByte(0);
        int length = out.writeCharSequence(s, StandardCharsets.UTF_8);
        if (length > 255) {
            out.writerIndex(lengthIndex);
            throw new IllegalArgumentException("short string longer than 255 bytes: " + s.length() + " chars");
        }
        out.setByte(lengthIndex, length);
    }

    public static LongString readLongString(ByteBuf in) {
        long length = in.readUnsignedInt();
        if (length > in.readableBytes()) throw new MalformedFrameException("long string length " + length + " exceeds the frame");
        byte[] bytes = new byte[(int) length];
        in.readBytes(bytes);
        return LongString.wrap(bytes);
    }

    public static void writeLongString(ByteBuf out, LongString s) {
        byte[] bytes = s.unsafeBytes();
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    public static Instant readTimestamp(ByteBuf in) {
        long seconds = in.readLong();
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            // Instant spans about +-3.2e16 s: a larger 64-bit value cannot be represented.
            throw new MalformedFrameException("timestamp out of range: " + seconds);
        }
    }

    public static void writeTimestamp(ByteBuf out, Instant t) {
        out.writeLong(t.getEpochSecond());
    }

    public static Map<String, Object> readTable(ByteBuf in) {
        return readTable(in, 0);
    }

    private static Map<String, Object> readTable(ByteBuf in, int depth) {
        long size = in.readUnsignedInt();
        if (size == 0) return Map.of();
        if (size > in.readableBytes()) throw new MalformedFrameException("field table size " + size + " exceeds the frame");
        if (depth >= MAX_NESTING) throw new MalformedFrameException("field tables nested deeper than " + MAX_NESTING);
        ByteBuf table = in.readSlice((int) size);
        Map<String, Object> map = new LinkedHashMap<>();
        while (table.isReadable()) {
            String key = readShortString(table);
            map.put(key, readFieldValue(table, depth + 1));
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<Object> readArray(ByteBuf in, int depth) {
        long size = in.readUnsignedInt();
        if (size > in.readableBytes()) throw new MalformedFrameException("field array size " + size + " exceeds the frame");
        if (depth >= MAX_NESTING) throw new MalformedFrameException("field arrays nested deeper than " + MAX_NESTING);
        ByteBuf array = in.readSlice((int) size);
        List<Object> list = new ArrayList<>();
        while (array.isReadable()) list.add(readFieldValue(array, depth + 1));
        return Collections.unmodifiableList(list);
    }

    private static Object readFieldValue(ByteBuf in, int depth) {
        byte type = in.readByte();
        switch (type) {
            case 't': return in.readUnsignedByte() != 0;
            case 'b': return in.readByte();
            case 'B': return new FieldValues.UnsignedByte(in.readUnsignedByte());
            case 's': return in.readShort();
            case 'u': return new FieldValues.UnsignedShort(in.readUnsignedShort());
            case 'I': return in.readInt();
            case 'i': return new FieldValues.UnsignedInt(in.readUnsignedInt());
            case 'l': return in.readLong();
            case 'f': return in.readFloat();
            case 'd': return in.readDouble();
            case 'D': {
                int scale = in.readUnsignedByte();
                return new BigDecimal(BigInteger.valueOf(in.readInt()), scale);
            }
            case 'S': return readLongString(in);
            case 'x': {
                long length = in.readUnsignedInt();
                if (length > in.readableBytes()) throw new MalformedFrameException("byte array length " + length + " exceeds the frame");
                byte[] bytes = new byte[(int) length];
                in.readBytes(bytes);
                return new FieldValues.ByteArray(bytes);
            }
            case 'A': return readArray(in, depth);
            case 'T': return readTimestamp(in);
            case 'F': return readTable(in, depth);
            case 'V': return null;
            default: throw new MalformedFrameException("unknown field value type '" + printable(type) + "'");
        }
    }

    public static void writeTable(ByteBuf out, Map<String, ?> table) {
        int sizeIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, ?> e : table.entrySet()) {
            writeShortString(out, e.getKey());
            writeFieldValue(out, e.getValue());
        }
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
    }

    private static void writeArray(ByteBuf out, List<?> list) {
        int sizeIndex = out.writerIndex();
        out.writeInt(0);
        for (Object value : list) writeFieldValue(out, value);
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
    }

    private static void writeFieldValue(ByteBuf out, Object value) {
        if (value == null) {
            out.writeByte('V');
        } else if (value instanceof LongString s) {
            out.writeByte('S');
            writeLongString(out, s);
        } else if (value instanceof String s) {
            out.writeByte('S');
            int sizeIndex = out.writerIndex();
            out.writeInt(0);
            out.setInt(sizeIndex, out.writeCharSequence(s, StandardCharsets.UTF_8));
        } else if (value instanceof Integer i) {
            out.writeByte('I').writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte('l').writeLong(l);
        } else if (value instanceof Boolean b) {
            out.writeByte('t').writeByte(b ? 1 : 0);
        } else if (value instanceof Map<?, ?> m) {
            out.writeByte('F');
            @SuppressWarnings("unchecked") Map<String, ?> table = (Map<String, ?>) m;
            writeTable(out, table);
        } else if (value instanceof List<?> list) {
            out.writeByte('A');
            writeArray(out, list);
        } else if (value instanceof Byte b) {
            out.writeByte('b').writeByte(b);
        } else if (value instanceof Short s) {
            out.writeByte('s').writeShort(s);
        } else if (value instanceof Float f) {
            out.writeByte('f').writeFloat(f);
        } else if (value instanceof Double d) {
            out.writeByte('d').writeDouble(d);
        } else if (value instanceof BigDecimal d) {
            writeDecimal(out, d);
        } else if (value instanceof Instant t) {
            out.writeByte('T').writeLong(t.getEpochSecond());
        } else if (value instanceof Date d) {
            out.writeByte('T').writeLong(d.getTime() / 1000);
        } else if (value instanceof FieldValues.UnsignedByte b) {
            out.writeByte('B').writeByte(b.value());
        } else if (value instanceof FieldValues.UnsignedShort s) {
            out.writeByte('u').writeShort(s.value());
        } else if (value instanceof FieldValues.UnsignedInt i) {
            out.writeByte('i').writeInt((int) i.value());
        } else if (value instanceof FieldValues.ByteArray x) {
            byte[] bytes = x.bytes();
            out.writeByte('x').writeInt(bytes.length).writeBytes(bytes);
        } else if (value instanceof byte[] bytes) {
            out.writeByte('x').writeInt(bytes.length).writeBytes(bytes);
        } else if (value instanceof Object[] array) {
            out.writeByte('A');
            writeArray(out, List.of(array));
        } else {
            throw new IllegalArgumentException("no AMQP field type for " + value.getClass().getName());
        }
    }

    private static void writeDecimal(ByteBuf out, BigDecimal d) {
        BigInteger unscaled = d.unscaledValue();
        if (d.scale() < 0 || d.scale() > 255 || unscaled.bitLength() > 31) {
            throw new IllegalArgumentException("decimal does not fit AMQP's scale octet and 32-bit value: " + d);
        }
        out.writeByte('D').writeByte(d.scale()).writeInt(unscaled.intValue());
    }

    /** An unmodifiable view of {@code table}; tables this codec decoded are returned as they are. */
    static Map<String, Object> immutable(Map<String, Object> table) {
        if (table.isEmpty()) return Map.of();
        if (table.getClass() == UNMODIFIABLE_MAP) return table;
        return Collections.unmodifiableMap(new LinkedHashMap<>(table));
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF);
    }
}
