package io.warren.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Shared helpers: leak-accounting channels, frame encoding, deterministic sample values. */
final class TestSupport {
    private TestSupport() {}

    static final int FRAME_MAX = 131072;

    /**
     * An allocator whose metrics count every live byte it handed out: a test that finds both
     * counters at zero at the end has released every buffer the codec allocated (the decoder's
     * cumulation included) and every one the test wrote.
     */
    static UnpooledByteBufAllocator trackingAllocator() {
        return new UnpooledByteBufAllocator(false, false, false);
    }

    static void assertNoLeaks(UnpooledByteBufAllocator alloc) {
        assertEquals(0, alloc.metric().usedHeapMemory(), "heap bytes still allocated");
        assertEquals(0, alloc.metric().usedDirectMemory(), "direct bytes still allocated");
    }

    static EmbeddedChannel channel(UnpooledByteBufAllocator alloc, ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(handlers);
        return ch;
    }

    static EmbeddedChannel decoderChannel(UnpooledByteBufAllocator alloc) {
        return channel(alloc, new AmqpFrameDecoder(false, FRAME_MAX));
    }

    /** Writes {@code bytes} in chunks of the given sizes (the last chunk takes the rest) and returns every inbound message. */
    static List<Object> feed(EmbeddedChannel ch, byte[] bytes, int... chunkSizes) {
        int offset = 0;
        int i = 0;
        while (offset < bytes.length) {
            int n = chunkSizes.length == 0 ? bytes.length : Math.min(bytes.length - offset, chunkSizes[Math.min(i, chunkSizes.length - 1)]);
            ByteBuf chunk = ch.alloc().heapBuffer(n).writeBytes(bytes, offset, n);
            ch.writeInbound(chunk);
            ch.checkException();
            offset += n;
            i++;
        }
        return drain(ch);
    }

    static List<Object> feedWhole(EmbeddedChannel ch, byte[] bytes) {
        return feed(ch, bytes);
    }

    static List<Object> feedBytewise(EmbeddedChannel ch, byte[] bytes) {
        return feed(ch, bytes, 1);
    }

    static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) out.add(o);
        return out;
    }

    /** Releases the payload of every body frame in {@code messages}. */
    static void release(List<?> messages) {
        for (Object o : messages) {
            if (o instanceof ContentBodyFrame b) b.payload().release();
            else ReferenceCountUtil.release(o);
        }
    }

    /** Closes the channel, asserting nothing was left in it. */
    static void finish(EmbeddedChannel ch) {
        assertFalse(ch.finishAndReleaseAll(), "messages left over in the channel");
    }

    /** The wire bytes of {@code frames} as {@link FrameWriter} writes them. */
    static byte[] encode(Frame... frames) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (Frame f : frames) FrameWriter.writeFrame(buf, f);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** {@code n} random bytes, the same for the same seed. */
    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    /** Everything the channel wrote outbound, as one array; each outbound buffer is released. */
    static byte[] outboundBytes(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        try {
            for (Object o; (o = ch.readOutbound()) != null; ) {
                ByteBuf b = (ByteBuf) o;
                all.writeBytes(b, b.readerIndex(), b.readableBytes());
                b.release();
            }
            return ByteBufUtil.getBytes(all);
        } finally {
            all.release();
        }
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- sample values

    /** A table holding every field value type, nested tables and arrays included. */
    static Map<String, Object> everyTypeTable() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("depth", 2);
        nested.put("deeper", Map.of("leaf", LongString.of("blatt ✓")));
        nested.put("empty-array", List.of());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("t", true);
        t.put("t-false", false);
        t.put("b", (byte) -7);
        t.put("B", new FieldValues.UnsignedByte(250));
        t.put("s", (short) -30000);
        t.put("u", new FieldValues.UnsignedShort(65000));
        t.put("I", -2_000_000_000);
        t.put("i", new FieldValues.UnsignedInt(4_000_000_000L));
        t.put("l", Long.MIN_VALUE + 1);
        t.put("f", 3.25f);
        t.put("d", -1.0e300);
        t.put("D", new BigDecimal("-12345.678"));
        t.put("S", LongString.of("long ✓ string"));
        t.put("x", new FieldValues.ByteArray(bytes(0, 1, 0xFE, 0xFF)));
        t.put("A", List.of(1, LongString.of("two"), List.of(true, (byte) 3), Map.of("k", 5L)));
        t.put("T", Instant.ofEpochSecond(1_700_000_000L));
        t.put("F", nested);
        t.put("V", null);
        t.put("empty-table", Map.of());
        t.put("ключ ✓", LongString.of("non-ASCII key"));
        return t;
    }

    /** A deterministic, non-default value of the spec type {@code type}; {@code variant} 0 and 1 differ everywhere. */
    static Object sampleValue(String type, Random rnd, int index, int variant) {
        return switch (type) {
            case "octet" -> variant == 0 ? 1 + rnd.nextInt(254) : 255;
            case "short" -> variant == 0 ? 1 + rnd.nextInt(65534) : 65535;
            case "long" -> variant == 0 ? 1L + rnd.nextInt(Integer.MAX_VALUE) : 0xFFFF_FFFFL - rnd.nextInt(1000);
            case "longlong" -> variant == 0 ? rnd.nextLong() | 1L : -1L - rnd.nextInt(1000);
            case "bit" -> (index + variant) % 2 == 0;
            case "shortstr" -> variant == 0
                    ? "héllo-✓-" + Integer.toHexString(rnd.nextInt()) // non-ASCII
                    : "é".repeat(127) + "x"; // exactly 255 UTF-8 bytes
            case "longstr" -> {
                byte[] b = new byte[variant == 0 ? 1 + rnd.nextInt(40) : 300];
                rnd.nextBytes(b);
                yield LongString.of(b);
            }
            case "table" -> {
                Map<String, Object> t = new LinkedHashMap<>(everyTypeTable());
                t.put("seed-" + index, rnd.nextInt());
                yield t;
            }
            case "timestamp" -> Instant.ofEpochSecond(rnd.nextInt(Integer.MAX_VALUE));
            default -> throw new AssertionError("no sample for spec type " + type);
        };
    }

    /** An instance of {@code method}'s record whose every argument is a non-default sample value. */
    static Method sampleMethod(Spec.MethodDef method, int variant) {
        Class<?> type = method.recordClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Random rnd = new Random(method.protocolName().hashCode() * 31L + variant);
        for (int i = 0; i < components.length; i++) {
            args[i] = sampleValue(method.arguments().get(i).type(), rnd, i, variant);
        }
        return construct(type, args);
    }

    static Method construct(Class<?> recordClass, Object... args) {
        Class<?>[] types = Arrays.stream(recordClass.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> c = recordClass.getDeclaredConstructor(types);
            return (Method) c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct " + recordClass.getName(), e);
        }
    }

    /** An instance with every component at its Java default (0, false, null). */
    static Method defaultMethod(Class<?> recordClass) {
        RecordComponent[] components = recordClass.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            args[i] = t == int.class ? 0 : t == long.class ? 0L : t == boolean.class ? false : null;
        }
        return construct(recordClass, args);
    }

    static BasicProperties allProperties() {
        return new BasicProperties("application/json", "gzip", everyTypeTable(), 2, 9, "corr-✓", "reply.queue",
                "60000", "msg-1", Instant.ofEpochSecond(1_700_000_123L), "order.created", "guest", "app-ü", "cluster-1");
    }
}
