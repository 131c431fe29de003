package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every method of the spec, with non-default arguments, survives encode → decode unchanged. */
class MethodRoundTripTest {
    private static final Spec SPEC = Spec.load();

    private static Stream<Object[]> cases() {
        return SPEC.methods().stream().flatMap(m -> Stream.of(new Object[] {m, 0}, new Object[] {m, 1}));
    }

    @TestFactory
    Stream<DynamicTest> wholeFrame() {
        return cases().map(c -> DynamicTest.dynamicTest(c[0] + " variant " + c[1], () -> {
            MethodFrame frame = new MethodFrame(channelFor((int) c[1]), sampleMethod((Spec.MethodDef) c[0], (int) c[1]));
            assertEquals(List.of(frame), decode(encode(frame), false));
        }));
    }

    @TestFactory
    Stream<DynamicTest> oneByteAtATime() {
        return cases().map(c -> DynamicTest.dynamicTest(c[0] + " variant " + c[1], () -> {
            MethodFrame frame = new MethodFrame(channelFor((int) c[1]), sampleMethod((Spec.MethodDef) c[0], (int) c[1]));
            assertEquals(List.of(frame), decode(encode(frame), true));
        }));
    }

    @TestFactory
    Stream<DynamicTest> throughTheEncoder() {
        return cases().map(c -> DynamicTest.dynamicTest(c[0] + " variant " + c[1], () -> {
            MethodFrame frame = new MethodFrame(channelFor((int) c[1]), sampleMethod((Spec.MethodDef) c[0], (int) c[1]));
            UnpooledByteBufAllocator alloc = trackingAllocator();
            EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
            assertTrue(out.writeOutbound(frame));
            byte[] wire = outboundBytes(out);
            finish(out);
            assertNoLeaks(alloc);
            assertEquals(List.of(frame), decode(wire, false));
            // FrameWriter and the encoder agree byte for byte.
            assertEquals(List.of(frame), decode(encode(frame), false));
            assertArrayEquals(encode(frame), wire);
        }));
    }

    @Test
    void variantsReallyDiffer() {
        // Guards the generator of sample values: variant 0 is non-default, and the two variants differ
        // (bits are complementary between them, so every bit position is tested both ways).
        for (Spec.MethodDef m : SPEC.methods()) {
            if (m.arguments().isEmpty()) continue;
            Method a = sampleMethod(m, 0);
            Method b = sampleMethod(m, 1);
            assertNotEquals(a, b, m.protocolName());
            assertNotEquals(defaultMethod(m.recordClass()), a, m.protocolName());
        }
    }

    @Test
    void everyMethodInOneStreamInRandomChunks() {
        List<Frame> frames = new ArrayList<>();
        for (Spec.MethodDef m : SPEC.methods()) {
            for (int v = 0; v < 2; v++) frames.add(new MethodFrame(channelFor(v), sampleMethod(m, v)));
            frames.add(HeartbeatFrame.INSTANCE);
        }
        byte[] wire = encode(frames.toArray(Frame[]::new));
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            int[] chunks = new int[64];
            for (int i = 0; i < chunks.length; i++) chunks[i] = 1 + rnd.nextInt(round < 10 ? 64 : 4096);
            UnpooledByteBufAllocator alloc = trackingAllocator();
            EmbeddedChannel ch = decoderChannel(alloc);
            List<Object> decoded = feed(ch, wire, chunks);
            assertEquals(frames, decoded);
            finish(ch);
            assertNoLeaks(alloc);
        }
    }

    private static int channelFor(int variant) {
        return variant == 0 ? 1 : 65535;
    }

    /** Decodes {@code wire} (whole or byte by byte) and checks nothing is left in the channel or leaked. */
    static List<Object> decode(byte[] wire, boolean bytewise) {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = decoderChannel(alloc);
        List<Object> out = bytewise ? feedBytewise(ch, wire) : feedWhole(ch, wire);
        finish(ch);
        release(out);
        assertNoLeaks(alloc);
        return out;
    }
}
