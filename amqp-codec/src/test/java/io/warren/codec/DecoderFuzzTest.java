package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever arrives, in whatever chunks, the decoder emits only frames, protocol headers and
 * errors; nothing after an error; no exception out of the pipeline; no leaked buffer.
 */
class DecoderFuzzTest {
    private static final List<Spec.MethodDef> METHODS = Spec.load().methods();
    private static final Set<Integer> ERROR_CODES = Set.of(ReplyCode.FRAME_ERROR, ReplyCode.UNEXPECTED_FRAME, ReplyCode.NOT_IMPLEMENTED);

    /** One edit of the byte stream; positions are taken modulo its length. */
    record Mutation(int kind, int position, int value, int length) {}

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> m = Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 16)).as(Mutation::new);
        return m.list().ofMinSize(0).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.integers().between(1, 700).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 2000)
    void randomBytes(@ForAll @Size(max = 600) byte[] bytes,
                     @ForAll("chunks") List<Integer> chunks,
                     @ForAll boolean expectHeader,
                     @ForAll boolean smallFrameMax) {
        run(bytes, chunks, expectHeader, smallFrameMax);
    }

    @Property(tries = 2000)
    void randomBytesAfterAValidHeader(@ForAll @Size(max = 300) byte[] bytes,
                                      @ForAll("chunks") List<Integer> chunks) {
        List<Object> out = run(concat(ProtocolHeader.AMQP_0_9_1, bytes), chunks, true, false);
        assertTrue(((ProtocolHeader) out.get(0)).supported());
    }

    @Property(tries = 2000)
    void mutatedValidStreams(@ForAll @IntRange(min = 1, max = 10) int frameCount,
                             @ForAll long seed,
                             @ForAll boolean withHeader,
                             @ForAll boolean smallFrameMax,
                             @ForAll("mutations") List<Mutation> mutations,
                             @ForAll("chunks") List<Integer> chunks) {
        List<Object> expected = new ArrayList<>();
        if (withHeader) expected.add(new ProtocolHeader(ProtocolHeader.AMQP_0_9_1.clone()));
        List<Frame> frames = validFrames(frameCount, new Random(seed));
        expected.addAll(frames);
        byte[] valid = concat(withHeader ? ProtocolHeader.AMQP_0_9_1 : new byte[0], encode(frames.toArray(Frame[]::new)));
        byte[] wire = mutate(valid, mutations);

        run(wire, chunks, withHeader, smallFrameMax, out -> {
            if (mutations.isEmpty() && !smallFrameMax) {
                // Unmutated: exactly the frames that were encoded.
                assertEquals(expected.size(), out.size());
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i) instanceof ProtocolHeader h) assertTrue(h.supported());
                    else assertEquals(expected.get(i), out.get(i), "frame " + i);
                }
            }
        });
    }

    private static List<Object> run(byte[] wire, List<Integer> chunks, boolean expectHeader, boolean smallFrameMax) {
        return run(wire, chunks, expectHeader, smallFrameMax, out -> {});
    }

    /**
     * Feeds {@code wire} in the given chunk sizes, checks every invariant and {@code check} (while the
     * body payloads are still alive), then releases the bodies and checks nothing leaked.
     */
    private static List<Object> run(byte[] wire, List<Integer> chunks, boolean expectHeader, boolean smallFrameMax,
                                    Consumer<List<Object>> check) {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = channel(alloc, new AmqpFrameDecoder(expectHeader, smallFrameMax ? Frame.MIN_FRAME_MAX : FRAME_MAX));
        List<Object> out = new ArrayList<>();
        int offset = 0;
        int i = 0;
        while (offset < wire.length) {
            int n = Math.min(wire.length - offset, chunks.get(i++ % chunks.size()));
            ByteBuf chunk = alloc.heapBuffer(n).writeBytes(wire, offset, n);
            ch.writeInbound(chunk); // must not throw
            ch.checkException();
            offset += n;
            out.addAll(drain(ch));
        }
        ch.finish();
        ch.checkException();
        out.addAll(drain(ch));
        try {
            checkInvariants(out, expectHeader);
            // Body slices are whole frames' payloads and stay readable until released.
            for (Object o : out) {
                if (o instanceof ContentBodyFrame b) assertTrue(b.payload().refCnt() > 0);
            }
            check.accept(out);
            return out;
        } finally {
            release(out);
            assertNoLeaks(alloc);
        }
    }

    private static void checkInvariants(List<Object> out, boolean expectHeader) {
        boolean stopped = false;
        for (int i = 0; i < out.size(); i++) {
            Object o = out.get(i);
            if (stopped) fail("output after an error or a refused protocol header: " + out);
            if (o instanceof ProtocolHeader h) {
                assertTrue(expectHeader && i == 0, "a protocol header only comes first: " + out);
                assertEquals(8, h.octets().length);
                stopped = !h.supported();
            } else if (o instanceof AmqpError e) {
                assertTrue(ERROR_CODES.contains(e.replyCode()), "code of " + e);
                assertTrue(e.replyText().startsWith(ReplyCode.name(e.replyCode()) + " - "), e.replyText());
                assertTrue(e.closesConnection());
                assertTrue(ByteBufUtil.utf8Bytes(e.replyText()) <= 255, "reply text fits connection.close: " + e);
                stopped = true;
            } else if (o instanceof Frame f) {
                assertFalse(expectHeader && i == 0, "a frame before the protocol header: " + out);
                assertTrue(f.channel() >= 0 && f.channel() <= 0xFFFF);
                if (f instanceof HeartbeatFrame) assertEquals(0, f.channel());
            } else {
                fail("unexpected output " + o);
            }
        }
    }

    /** A plausible stream: methods, content sequences (method, header, bodies) and heartbeats. */
    private static List<Frame> validFrames(int count, Random rnd) {
        List<Frame> frames = new ArrayList<>();
        while (frames.size() < count) {
            int channel = rnd.nextInt(3);
            switch (rnd.nextInt(4)) {
                case 0 -> frames.add(HeartbeatFrame.INSTANCE);
                case 1, 2 -> frames.add(new MethodFrame(channel, sampleMethod(METHODS.get(rnd.nextInt(METHODS.size())), rnd.nextInt(2))));
                default -> {
                    byte[] body = new byte[rnd.nextInt(3) == 0 ? rnd.nextInt(5000) : rnd.nextInt(64)];
                    rnd.nextBytes(body);
                    frames.add(new MethodFrame(channel, new BasicMethod.Publish(0, "amq.direct", "rk-" + rnd.nextInt(100), rnd.nextBoolean(), false)));
                    frames.add(new ContentHeaderFrame(channel, 60, body.length, rnd.nextBoolean() ? allProperties()
                            : new BasicProperties("text/plain", null, Map.of("h", rnd.nextInt()), 2, null, null, null, null, null,
                                    Instant.ofEpochSecond(rnd.nextInt(Integer.MAX_VALUE)), null, null, null, null)));
                    for (int off = 0; off < body.length; off += 2000) {
                        frames.add(new ContentBodyFrame(channel, Unpooled.wrappedBuffer(body, off, Math.min(2000, body.length - off))));
                    }
                }
            }
        }
        return frames;
    }

    private static byte[] mutate(byte[] valid, List<Mutation> mutations) {
        List<Byte> b = new ArrayList<>(valid.length);
        for (byte x : valid) b.add(x);
        for (Mutation m : mutations) {
            if (b.isEmpty()) break;
            int pos = m.position() % b.size();
            switch (m.kind()) {
                case 0 -> b.set(pos, (byte) (b.get(pos) ^ (1 << (m.value() & 7))));
                case 1 -> b.set(pos, (byte) m.value());
                case 2 -> {
                    for (int k = 0; k < m.length(); k++) b.add(pos, (byte) (m.value() + k * 37));
                }
                case 3 -> {
                    for (int k = 0; k < m.length() && pos < b.size(); k++) b.remove(pos);
                }
                case 4 -> b.addAll(pos, new ArrayList<>(b.subList(pos, Math.min(b.size(), pos + m.length()))));
                default -> b.subList(pos, b.size()).clear();
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) out[i] = b.get(i);
        return out;
    }
}
