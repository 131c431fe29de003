package io.warren.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** The benchmarks measure what they claim: the same frames, fully decoded, nothing leaked. */
class BenchmarkSanityTest {
    private static final Blackhole BH = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void decodeBenchmarksSeeThreeFramesPerPublish() {
        FrameDecodeBenchmark b = new FrameDecodeBenchmark();
        b.setUp();
        try {
            int frames = FrameDecodeBenchmark.PUBLISHES * FrameDecodeBenchmark.FRAMES_PER_PUBLISH;
            for (int i = 0; i < 3; i++) { // repeated: the shared buffer is reused, not consumed
                assertEquals(frames, b.decode(BH));
                assertEquals(frames, b.baselinePipeline(BH));
                assertEquals(frames, b.baselineWalk(BH));
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void decodedPublishesAreComplete() {
        ByteBuf wire = FrameDecodeBenchmark.encodePublishes(2);
        EmbeddedChannel ch = new EmbeddedChannel(new AmqpFrameDecoder(false, 131072));
        ch.writeInbound(wire);
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) out.add(o);
        assertEquals(6, out.size());
        MethodFrame m = assertInstanceOf(MethodFrame.class, out.get(0));
        assertEquals("basic.publish", m.method().protocolName());
        ContentHeaderFrame h = assertInstanceOf(ContentHeaderFrame.class, out.get(1));
        assertEquals("application/json", h.properties().contentType());
        assertEquals(2, h.properties().headers().size());
        ContentBodyFrame body = assertInstanceOf(ContentBodyFrame.class, out.get(2));
        assertEquals(FrameDecodeBenchmark.BODY_SIZE, body.payload().readableBytes());
        for (Object o : out) if (o instanceof ContentBodyFrame f) f.payload().release();
        assertEquals(0, wire.refCnt());
        assertEquals(false, ch.finishAndReleaseAll());
    }

    @Test
    void encodeBenchmarksProduceTheSameBytes() {
        FrameEncodeBenchmark b = new FrameEncodeBenchmark();
        b.setUp();
        try {
            int encoder = b.encoder(BH);
            assertEquals(encoder, b.frameWriter());
            assertEquals(encoder, b.baselineCopy());
            assertEquals(encoder, b.baselinePipelineCopy(BH));
        } finally {
            b.tearDown();
        }
    }
}
