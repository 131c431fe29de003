package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Content header and body frames, and {@link ContentCommand}s through the encoder. */
class ContentFramesTest {
    private static ResourceLeakDetector.Level previousLevel;

    @BeforeAll
    static void paranoid() {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restore() {
        ResourceLeakDetector.setLevel(previousLevel);
    }

    private static final BasicMethod.Deliver DELIVER =
            new BasicMethod.Deliver("amq.ctag-✓", 42L, true, "amq.topic", "orders.eu.created");

    @Test
    void headerWithAllFourteenProperties() {
        ContentHeaderFrame header = new ContentHeaderFrame(7, BasicMethod.CLASS_ID, 123_456_789_012L, allProperties());
        byte[] wire = encode(header);
        assertEquals(0xFFFC, ((wire[7 + 12] & 0xFF) << 8) | (wire[7 + 13] & 0xFF), "all 14 flag bits set");
        assertEquals(List.of(header), MethodRoundTripTest.decode(wire, false));
        assertEquals(List.of(header), MethodRoundTripTest.decode(wire, true));
    }

    @Test
    void headerWithoutProperties() {
        ContentHeaderFrame header = new ContentHeaderFrame(1, BasicMethod.CLASS_ID, 0, BasicProperties.EMPTY);
        byte[] wire = encode(header);
        // type, channel, size 14, class 60, weight 0, body size 0, flags 0, frame end
        assertArrayEquals(bytes(2, 0, 1, 0, 0, 0, 14, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xCE), wire);
        List<Object> decoded = MethodRoundTripTest.decode(wire, true);
        assertEquals(List.of(header), decoded);
        assertEquals(BasicProperties.EMPTY, ((ContentHeaderFrame) decoded.get(0)).properties());
    }

    @Test
    void headerPropertyFlagContinuationWordsAreFollowed() {
        // flags 0x8001 (content-type, continuation), then an empty second word, then the content type.
        byte[] payload = concat(bytes(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0x80, 0x01, 0, 0, 4), ascii("text"));
        byte[] wire = concat(bytes(2, 0, 1, 0, 0, 0, payload.length), payload, bytes(0xCE));
        List<Object> decoded = MethodRoundTripTest.decode(wire, false);
        ContentHeaderFrame h = assertInstanceOf(ContentHeaderFrame.class, decoded.get(0));
        assertEquals("text", h.properties().contentType());
        assertEquals(5, h.bodySize());
    }

    @Test
    void propertiesHelpers() {
        BasicProperties p = allProperties();
        assertTrue(p.persistent());
        assertEquals(null, p.withHeaders(null).headers());
        assertEquals("5", p.withExpiration("5").expiration());
        assertEquals(p.withExpiration(null).withExpiration(p.expiration()), p);
        assertThrows(UnsupportedOperationException.class, () -> p.headers().put("x", 1));
    }

    @Test
    void bodyFramesAreRetainedSlicesThatTheReceiverReleases() {
        byte[] body1 = randomBytes(1000, 1);
        byte[] body2 = randomBytes(1, 2);
        byte[] wire = concat(
                encode(new ContentBodyFrame(3, Unpooled.wrappedBuffer(body1))),
                encode(new ContentBodyFrame(3, Unpooled.wrappedBuffer(body2))),
                encode(new ContentBodyFrame(3, Unpooled.EMPTY_BUFFER)));
        for (boolean bytewise : new boolean[] {false, true}) {
            UnpooledByteBufAllocator alloc = trackingAllocator();
            EmbeddedChannel ch = decoderChannel(alloc);
            List<Object> out = bytewise ? feedBytewise(ch, wire) : feedWhole(ch, wire);
            finish(ch);
            assertEquals(3, out.size());
            assertArrayEquals(body1, payloadBytes(out.get(0)));
            assertArrayEquals(body2, payloadBytes(out.get(1)));
            assertArrayEquals(new byte[0], payloadBytes(out.get(2)));
            for (Object o : out) assertEquals(3, ((ContentBodyFrame) o).channel());
            // The slices keep the inbound bytes alive until the receiver releases them.
            assertTrue(alloc.metric().usedHeapMemory() > 0, "body slices hold the inbound buffer");
            release(out);
            assertNoLeaks(alloc);
        }
    }

    @Test
    void largeContentCommandIsSplitIntoFrameMaxBodyFramesByReference() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        byte[] content = randomBytes(10 * 1024, 3);
        ByteBuf body = alloc.heapBuffer(content.length).writeBytes(content);
        BasicProperties props = allProperties();

        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        out.writeOutbound(new ContentCommand(5, DELIVER, props, body, 4096));
        // Written by reference: the outbound slices hold the body (one reference each), nothing else does.
        assertEquals(3, body.refCnt(), "one reference per body frame slice");
        int buffers = out.outboundMessages().size();
        assertTrue(buffers >= 7, "prefix, 3 body slices, frame boundaries: " + buffers);
        byte[] wire = outboundBytes(out);
        assertEquals(0, body.refCnt(), "body released once written");
        finish(out);

        List<Object> frames = decodeAll(alloc, wire, 4096);
        assertEquals(new MethodFrame(5, DELIVER), frames.get(0));
        assertEquals(new ContentHeaderFrame(5, BasicMethod.CLASS_ID, content.length, props), frames.get(1));
        assertEquals(5, frames.size(), "method, header, 3 body frames");
        List<Integer> sizes = new ArrayList<>();
        ByteBuf joined = Unpooled.buffer();
        for (Object o : frames.subList(2, 5)) {
            ContentBodyFrame b = (ContentBodyFrame) o;
            assertEquals(5, b.channel());
            sizes.add(b.payload().readableBytes());
            joined.writeBytes(b.payload(), b.payload().readerIndex(), b.payload().readableBytes());
        }
        assertEquals(List.of(4088, 4088, 10 * 1024 - 2 * 4088), sizes);
        assertArrayEquals(content, ByteBufUtil.getBytes(joined));
        joined.release();
        release(frames);
        assertNoLeaks(alloc);
    }

    @Test
    void smallContentCommandIsCopiedIntoOneBuffer() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        byte[] content = randomBytes(100, 4);
        ByteBuf body = alloc.heapBuffer(content.length).writeBytes(content);
        BasicProperties props = new BasicProperties("text/plain", null, null, 1, null, null, null, null, null, null, null, null, null, null);

        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        out.writeOutbound(new ContentCommand(2, DELIVER, props, body, 131072));
        assertEquals(0, body.refCnt(), "copied, then released");
        assertEquals(1, out.outboundMessages().size(), "one buffer for the whole delivery");
        byte[] wire = outboundBytes(out);
        finish(out);
        assertArrayEquals(concat(
                encode(new MethodFrame(2, DELIVER)),
                encode(new ContentHeaderFrame(2, 60, 100, props)),
                encode(new ContentBodyFrame(2, Unpooled.wrappedBuffer(content)))), wire);

        List<Object> frames = decodeAll(alloc, wire, 131072);
        assertEquals(3, frames.size());
        assertArrayEquals(content, payloadBytes(frames.get(2)));
        release(frames);
        assertNoLeaks(alloc);
    }

    @Test
    void bodyBetweenFrameMaxAndCopyThresholdIsSplit() {
        assertContentCommand(5000, 4096, List.of(4088, 912));
        assertContentCommand(4088, 4096, List.of(4088)); // exactly one full frame
        assertContentCommand(4089, 4096, List.of(4088, 1));
        assertContentCommand(AmqpFrameEncoder.COPY_THRESHOLD + 1, 131072, List.of(AmqpFrameEncoder.COPY_THRESHOLD + 1));
        assertContentCommand(100_000, 0, List.of(100_000)); // frame_max 0: unlimited
        assertContentCommand(0, 4096, List.of()); // empty body: no body frame at all
    }

    private static void assertContentCommand(int bodySize, long frameMax, List<Integer> expectedSizes) {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        byte[] content = randomBytes(bodySize, bodySize);
        ByteBuf body = alloc.heapBuffer(Math.max(1, bodySize)).writeBytes(content);
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        out.writeOutbound(new ContentCommand(9, DELIVER, BasicProperties.EMPTY, body, frameMax));
        byte[] wire = outboundBytes(out);
        finish(out);
        assertEquals(0, body.refCnt());
        List<Object> frames = decodeAll(alloc, wire, frameMax == 0 ? 0 : frameMax);
        assertEquals(new ContentHeaderFrame(9, 60, bodySize, BasicProperties.EMPTY), frames.get(1));
        List<Integer> sizes = new ArrayList<>();
        ByteBuf joined = Unpooled.buffer();
        for (Object o : frames.subList(2, frames.size())) {
            ByteBuf p = ((ContentBodyFrame) o).payload();
            sizes.add(p.readableBytes());
            joined.writeBytes(p, p.readerIndex(), p.readableBytes());
        }
        assertEquals(expectedSizes, sizes, "body frame sizes for " + bodySize + " bytes, frame_max " + frameMax);
        assertArrayEquals(content, ByteBufUtil.getBytes(joined));
        joined.release();
        release(frames);
        assertNoLeaks(alloc);
    }

    @Test
    void fanOutSharesOneBodyBetweenCommands() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        byte[] content = randomBytes(20_000, 5);
        ByteBuf body = alloc.heapBuffer(content.length).writeBytes(content);
        EmbeddedChannel a = channel(alloc, new AmqpFrameEncoder());
        EmbeddedChannel b = channel(alloc, new AmqpFrameEncoder());
        body.retain(); // one reference per command
        a.writeOutbound(new ContentCommand(1, DELIVER, BasicProperties.EMPTY, body, 131072));
        b.writeOutbound(new ContentCommand(1, DELIVER, BasicProperties.EMPTY, body, 131072));
        byte[] wireA = outboundBytes(a);
        byte[] wireB = outboundBytes(b);
        assertEquals(0, body.refCnt());
        assertArrayEquals(wireA, wireB);
        finish(a);
        finish(b);
        assertNoLeaks(alloc);
    }

    @Test
    void outboundBodyFramesAndHeartbeatsAreReleasedOnceWritten() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        ByteBuf payload = alloc.heapBuffer(3).writeBytes(bytes(1, 2, 3));
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        out.writeOutbound(new ContentBodyFrame(4, payload), HeartbeatFrame.INSTANCE);
        assertEquals(0, payload.refCnt());
        assertArrayEquals(bytes(3, 0, 4, 0, 0, 0, 3, 1, 2, 3, 0xCE, 8, 0, 0, 0, 0, 0, 0, 0xCE), outboundBytes(out));
        finish(out);
        assertNoLeaks(alloc);
    }

    @Test
    void failedEncodingReleasesTheBodyAndFailsTheWrite() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        ByteBuf body = alloc.heapBuffer(10).writeBytes(new byte[10]);
        BasicMethod.Deliver bad = new BasicMethod.Deliver("x".repeat(256), 1, false, "", "");
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        assertThrows(IllegalArgumentException.class, () -> out.writeOutbound(new ContentCommand(1, bad, BasicProperties.EMPTY, body, 4096)));
        assertEquals(0, body.refCnt());
        assertEquals(0, out.outboundMessages().size(), "nothing written");
        finish(out);
        assertNoLeaks(alloc);
    }

    @Test
    void otherMessagesPassThroughTheEncoder() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        out.writeOutbound(new ProtocolHeader(ProtocolHeader.AMQP_0_9_1.clone()), "not a frame");
        ByteBuf header = out.readOutbound();
        assertArrayEquals(ProtocolHeader.AMQP_0_9_1, ByteBufUtil.getBytes(header));
        header.release();
        assertEquals("not a frame", out.readOutbound());
        finish(out);
    }

    private static List<Object> decodeAll(UnpooledByteBufAllocator alloc, byte[] wire, long frameMax) {
        EmbeddedChannel in = channel(alloc, new AmqpFrameDecoder(false, frameMax));
        List<Object> frames = feed(in, wire, 1000, 7, 3000);
        finish(in);
        for (Object o : frames) assertInstanceOf(Frame.class, o);
        return frames;
    }

    private static byte[] payloadBytes(Object frame) {
        return ByteBufUtil.getBytes(((ContentBodyFrame) frame).payload());
    }
}
