package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field tables and arrays: every value type, nesting, type preservation, malformed input. */
class FieldTableTest {

    private static byte[] write(Map<String, ?> table) {
        ByteBuf buf = Unpooled.buffer();
        try {
            FieldCodec.writeTable(buf, table);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static Map<String, Object> read(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        Map<String, Object> table = FieldCodec.readTable(buf);
        assertFalse(buf.isReadable(), "table consumed exactly");
        return table;
    }

    @Test
    void everyTypeRoundTripsAndReEncodesToTheSameBytes() {
        Map<String, Object> table = everyTypeTable();
        byte[] first = write(table);
        Map<String, Object> decoded = read(first);
        assertEquals(table, decoded);
        assertEquals(List.copyOf(table.keySet()), List.copyOf(decoded.keySet()), "key order preserved");
        assertArrayEquals(first, write(decoded), "re-encoding a decoded table gives the same bytes");
    }

    @Test
    void decodedValuesHaveTheDocumentedJavaTypes() {
        Map<String, Object> d = read(write(everyTypeTable()));
        assertInstanceOf(Boolean.class, d.get("t"));
        assertInstanceOf(Byte.class, d.get("b"));
        assertInstanceOf(FieldValues.UnsignedByte.class, d.get("B"));
        assertInstanceOf(Short.class, d.get("s"));
        assertInstanceOf(FieldValues.UnsignedShort.class, d.get("u"));
        assertInstanceOf(Integer.class, d.get("I"));
        assertInstanceOf(FieldValues.UnsignedInt.class, d.get("i"));
        assertInstanceOf(Long.class, d.get("l"));
        assertInstanceOf(Float.class, d.get("f"));
        assertInstanceOf(Double.class, d.get("d"));
        assertInstanceOf(BigDecimal.class, d.get("D"));
        assertInstanceOf(LongString.class, d.get("S"));
        assertInstanceOf(FieldValues.ByteArray.class, d.get("x"));
        assertInstanceOf(List.class, d.get("A"));
        assertInstanceOf(Instant.class, d.get("T"));
        assertInstanceOf(Map.class, d.get("F"));
        assertTrue(d.containsKey("V"));
        assertEquals(null, d.get("V"));
        assertThrows(UnsupportedOperationException.class, () -> d.put("new", 1), "decoded tables are unmodifiable");
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) d.get("A")).clear(), "decoded arrays are unmodifiable");
    }

    @Test
    void eachTagOnTheWire() {
        // One entry per type, checked against hand-written bytes: key "k", tag, value.
        assertEntry(true, 't', 1);
        assertEntry((byte) -1, 'b', 0xFF);
        assertEntry(new FieldValues.UnsignedByte(200), 'B', 200);
        assertEntry((short) -2, 's', 0xFF, 0xFE);
        assertEntry(new FieldValues.UnsignedShort(0xFFFE), 'u', 0xFF, 0xFE);
        assertEntry(-2, 'I', 0xFF, 0xFF, 0xFF, 0xFE);
        assertEntry(new FieldValues.UnsignedInt(0xFFFF_FFFEL), 'i', 0xFF, 0xFF, 0xFF, 0xFE);
        assertEntry(-2L, 'l', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE);
        assertEntry(1.0f, 'f', 0x3F, 0x80, 0, 0);
        assertEntry(1.0d, 'd', 0x3F, 0xF0, 0, 0, 0, 0, 0, 0);
        assertEntry(new BigDecimal("-1.5"), 'D', 1, 0xFF, 0xFF, 0xFF, 0xF1);
        assertEntry(LongString.of("ab"), 'S', 0, 0, 0, 2, 'a', 'b');
        assertEntry(new FieldValues.ByteArray(bytes(9)), 'x', 0, 0, 0, 1, 9);
        assertEntry(List.of(1), 'A', 0, 0, 0, 5, 'I', 0, 0, 0, 1);
        assertEntry(Instant.ofEpochSecond(258), 'T', 0, 0, 0, 0, 0, 0, 1, 2);
        assertEntry(Map.of("a", true), 'F', 0, 0, 0, 4, 1, 'a', 't', 1);
        assertEntry(null, 'V');
    }

    private static void assertEntry(Object value, char tag, int... valueBytes) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("k", value);
        byte[] expected = concat(bytes(0, 0, 0, 3 + valueBytes.length, 1, 'k', tag), bytes(valueBytes));
        assertArrayEquals(expected, write(table), "encoding of " + value);
        assertEquals(table, read(expected), "decoding of tag " + tag);
    }

    @Test
    void convenienceTypesAreEncodedAsTheirAmqpEquivalents() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("string", "plain ✓");
        table.put("bytes", bytes(1, 2, 3));
        table.put("date", new Date(1_700_000_000_999L));
        table.put("objects", new Object[] {1, "x"});
        Map<String, Object> decoded = read(write(table));
        assertEquals(LongString.of("plain ✓"), decoded.get("string"));
        assertEquals(new FieldValues.ByteArray(bytes(1, 2, 3)), decoded.get("bytes"));
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), decoded.get("date"));
        assertEquals(List.of(1, LongString.of("x")), decoded.get("objects"));
    }

    @Test
    void emptyTable() {
        assertArrayEquals(bytes(0, 0, 0, 0), write(Map.of()));
        assertEquals(Map.of(), read(bytes(0, 0, 0, 0)));
    }

    @Test
    void deeplyNestedTablesAndArrays() {
        Object value = LongString.of("bottom");
        for (int i = 0; i < 30; i++) {
            value = (i % 2 == 0) ? Map.of("level" + i, value) : List.of(i, value);
        }
        Map<String, Object> table = Map.of("root", value);
        byte[] wire = write(table);
        Map<String, Object> decoded = read(wire);
        assertEquals(table, decoded);
        assertArrayEquals(wire, write(decoded));
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndBeyondIsRefused() {
        assertEquals(64, FieldCodec.MAX_NESTING);
        // The outermost table is depth 0: MAX_NESTING tables in all are fine, one more is refused.
        Map<String, Object> ok = nestedTables(FieldCodec.MAX_NESTING - 1);
        assertEquals(ok, read(write(ok)));
        byte[] tooDeep = write(nestedTables(FieldCodec.MAX_NESTING));
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> FieldCodec.readTable(Unpooled.wrappedBuffer(tooDeep)));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
        // Arrays count towards the same depth (the table holding them is depth 0).
        Map<String, Object> arraysOk = Map.of("a", nestedArrays(FieldCodec.MAX_NESTING - 1));
        assertEquals(arraysOk, read(write(arraysOk)));
        byte[] arraysTooDeep = write(Map.of("a", nestedArrays(FieldCodec.MAX_NESTING)));
        assertThrows(MalformedFrameException.class, () -> FieldCodec.readTable(Unpooled.wrappedBuffer(arraysTooDeep)));
        // A hostile depth far beyond the limit fails fast instead of overflowing the stack.
        byte[] hostile = write(nestedTables(1000));
        assertThrows(MalformedFrameException.class, () -> FieldCodec.readTable(Unpooled.wrappedBuffer(hostile)));
    }

    /** A table with {@code levels} tables nested below it, the innermost non-empty. */
    static Map<String, Object> nestedTables(int levels) {
        Map<String, Object> t = Map.of("leaf", 1);
        for (int i = 0; i < levels; i++) t = Map.of("n", t);
        return t;
    }

    static List<Object> nestedArrays(int levels) {
        List<Object> a = List.of(1);
        for (int i = 1; i < levels; i++) a = List.of(a);
        return a;
    }

    @Test
    void malformedTablesAreRefused() {
        // size beyond the buffer
        assertThrows(MalformedFrameException.class, () -> FieldCodec.readTable(Unpooled.wrappedBuffer(bytes(0, 0, 0, 9, 1, 'k', 'V'))));
        // unknown type tag
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> FieldCodec.readTable(Unpooled.wrappedBuffer(bytes(0, 0, 0, 3, 1, 'k', 'Z'))));
        assertTrue(e.getMessage().contains("'Z'"), e.getMessage());
        // value cut short inside the table
        assertThrows(IndexOutOfBoundsException.class, () -> FieldCodec.readTable(Unpooled.wrappedBuffer(bytes(0, 0, 0, 4, 1, 'k', 'I', 0))));
        // long string longer than the table
        assertThrows(MalformedFrameException.class,
                () -> FieldCodec.readTable(Unpooled.wrappedBuffer(bytes(0, 0, 0, 8, 1, 'k', 'S', 0, 0, 0, 9, 'a'))));
        // byte array longer than the table
        assertThrows(MalformedFrameException.class,
                () -> FieldCodec.readTable(Unpooled.wrappedBuffer(bytes(0, 0, 0, 8, 1, 'k', 'x', 0x7F, 0, 0, 0, 'a'))));
        // array longer than the table
        assertThrows(MalformedFrameException.class,
                () -> FieldCodec.readTable(Unpooled.wrappedBuffer(bytes(0, 0, 0, 7, 1, 'k', 'A', 0, 0, 1, 0))));
    }

    @Test
    void outOfRangeTimestampIsMalformedNotACrash() {
        // Instant cannot hold every 64-bit second count; such a value must be a decoding error.
        byte[] wire = bytes(0, 0, 0, 11, 1, 'k', 'T', 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        assertThrows(MalformedFrameException.class, () -> FieldCodec.readTable(Unpooled.wrappedBuffer(wire)));
    }

    @Test
    void valuesWithoutAnAmqpTypeAreRefusedWithoutWritingAnything() {
        ByteBuf buf = Unpooled.buffer();
        try {
            assertThrows(IllegalArgumentException.class, () -> FieldCodec.writeTable(buf, Map.of("k", new Object())));
            assertThrows(IllegalArgumentException.class, () -> FieldCodec.writeTable(buf, Map.of("k", new BigDecimal("1E+3"))));
            assertThrows(IllegalArgumentException.class, () -> FieldCodec.writeTable(buf, Map.of("k", new BigDecimal("99999999999"))));
        } finally {
            buf.release();
        }
    }

    @Test
    void shortStrings() {
        ByteBuf buf = Unpooled.buffer();
        try {
            String max = "é".repeat(127) + "x";
            FieldCodec.writeShortString(buf, max);
            assertEquals(255, buf.getUnsignedByte(0));
            assertEquals(max, FieldCodec.readShortString(buf));
            buf.clear();
            FieldCodec.writeShortString(buf, "");
            assertEquals(1, buf.readableBytes());
            assertEquals("", FieldCodec.readShortString(buf));
            buf.clear();
            assertThrows(IllegalArgumentException.class, () -> FieldCodec.writeShortString(buf, "é".repeat(128)));
            assertEquals(0, buf.writerIndex(), "nothing written for a refused string");
        } finally {
            buf.release();
        }
    }

    @Test
    void longStrings() {
        byte[] raw = new byte[70_000];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) i;
        ByteBuf buf = Unpooled.buffer();
        try {
            FieldCodec.writeLongString(buf, LongString.of(raw));
            assertEquals(70_000, buf.getInt(0));
            LongString read = FieldCodec.readLongString(buf);
            assertArrayEquals(raw, read.bytes());
            assertEquals(LongString.of(raw), read);
            assertEquals(LongString.of(raw).hashCode(), read.hashCode());
        } finally {
            buf.release();
        }
        assertEquals("grüß", LongString.of("grüß").toString());
        assertTrue(LongString.of("a").compareTo(LongString.of(bytes(0xFF))) < 0, "unsigned comparison");
        byte[] source = bytes(1, 2);
        LongString copy = LongString.of(source);
        source[0] = 9;
        assertEquals(1, copy.bytes()[0], "of(byte[]) copies");
    }

    @Test
    void tablesGivenToRecordsAreCopied() {
        Map<String, Object> mutable = new LinkedHashMap<>();
        mutable.put("x-max-length", 10);
        QueueMethod.Declare d = new QueueMethod.Declare(0, "q", false, true, false, false, false, mutable);
        mutable.put("x-later", 1);
        assertEquals(Map.of("x-max-length", 10), d.arguments());
        assertThrows(UnsupportedOperationException.class, () -> d.arguments().put("y", 2));
        List<String> keys = new ArrayList<>(d.arguments().keySet());
        assertEquals(List.of("x-max-length"), keys);
    }
}
