package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AmqpFrameEncoder}'s batch: what is written between flushes goes down as one buffer, in order. */
class EncoderBatchTest {
    private static final BasicMethod.Deliver DELIVER = new BasicMethod.Deliver("ctag", 1L, false, "", "q");

    private static ContentCommand delivery(UnpooledByteBufAllocator alloc, int size, int seed) {
        ByteBuf body = alloc.heapBuffer(Math.max(1, size)).writeBytes(randomBytes(size, seed));
        return new ContentCommand(1, DELIVER, BasicProperties.EMPTY, body, FRAME_MAX);
    }

    private static byte[] deliveryWire(int size, int seed) {
        return concat(encode(new MethodFrame(1, DELIVER)),
                encode(new ContentHeaderFrame(1, BasicMethod.CLASS_ID, size, BasicProperties.EMPTY)),
                size == 0 ? new byte[0] : encode(new ContentBodyFrame(1, Unpooled.wrappedBuffer(randomBytes(size, seed)))));
    }

    /** Writes {@code count} deliveries of {@code size} bytes (void promises) and returns their expected wire bytes. */
    private static List<byte[]> writeDeliveries(EmbeddedChannel out, UnpooledByteBufAllocator alloc, int count, int size) {
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.write(delivery(alloc, size, i), out.voidPromise());
            expected.add(deliveryWire(size, i));
        }
        return expected;
    }

    @Test
    void writesBetweenFlushesGoDownAsOneBuffer() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        List<byte[]> expected = writeDeliveries(out, alloc, 100, 16);
        out.write(new MethodFrame(1, new BasicMethod.QosOk()), out.voidPromise());
        expected.add(encode(new MethodFrame(1, new BasicMethod.QosOk())));
        assertEquals(0, out.unsafe().outboundBuffer().totalPendingWriteBytes(), "nothing goes down before the flush");
        out.flush();
        assertEquals(1, out.outboundMessages().size(), "one buffer for 100 deliveries and a method");
        assertArrayEquals(concat(expected.toArray(byte[][]::new)), outboundBytes(out));
        finish(out);
        assertNoLeaks(alloc);
    }

    @Test
    void aFullBatchGoesDownAndTheNextStartsWithoutSplittingAFrame() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        int size = 1000;
        int count = 3 * AmqpFrameEncoder.BATCH_CAPACITY / size;
        List<byte[]> expected = writeDeliveries(out, alloc, count, size);
        out.flush();
        List<Object> buffers = new ArrayList<>(out.outboundMessages());
        assertTrue(buffers.size() >= 3, "about three batches: " + buffers.size());
        for (Object b : buffers) {
            assertTrue(((ByteBuf) b).readableBytes() <= AmqpFrameEncoder.BATCH_CAPACITY, "no batch grew past its capacity");
            // each batch holds whole frames: it decodes on its own
            List<Object> frames = MethodRoundTripTest.decode(ByteBufUtil.getBytes((ByteBuf) b), false);
            assertEquals(0, frames.size() % 3, "whole deliveries per batch");
        }
        assertArrayEquals(concat(expected.toArray(byte[][]::new)), outboundBytes(out));
        finish(out);
        assertNoLeaks(alloc);
    }

    @Test
    void aWriteWithAPromiseTakesTheBatchDownAndCompletesWithIt() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        out.write(delivery(alloc, 10, 1), out.voidPromise());
        ChannelFuture closeOk = out.write(new MethodFrame(0, new ConnectionMethod.CloseOk()));
        int size = deliveryWire(10, 1).length + encode(new MethodFrame(0, new ConnectionMethod.CloseOk())).length;
        // the outbound buffer counts its per-entry overhead too
        assertTrue(out.unsafe().outboundBuffer().totalPendingWriteBytes() >= size, "the delivery and the close-ok went down together");
        assertFalse(closeOk.isDone(), "not before the flush");
        out.flush();
        assertTrue(closeOk.isSuccess());
        assertEquals(1, out.outboundMessages().size());
        assertArrayEquals(concat(deliveryWire(10, 1), encode(new MethodFrame(0, new ConnectionMethod.CloseOk()))), outboundBytes(out));
        finish(out);
        assertNoLeaks(alloc);
    }

    @Test
    void aFailedEncodingLeavesEarlierFramesWhole() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        out.write(delivery(alloc, 20, 1), out.voidPromise());
        ByteBuf body = alloc.heapBuffer(5).writeBytes(new byte[5]);
        BasicMethod.Deliver bad = new BasicMethod.Deliver("x".repeat(256), 1, false, "", "");
        ChannelFuture failed = out.write(new ContentCommand(1, bad, BasicProperties.EMPTY, body, FRAME_MAX));
        assertFalse(failed.isSuccess());
        assertEquals(0, body.refCnt(), "the failed body is released");
        out.write(delivery(alloc, 30, 2), out.voidPromise());
        out.flush();
        assertArrayEquals(concat(deliveryWire(20, 1), deliveryWire(30, 2)), outboundBytes(out));
        finish(out);
        assertNoLeaks(alloc);
    }

    @Test
    void anUnflushedBatchIsReleasedWhenTheChannelCloses() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        out.write(delivery(alloc, 100, 1), out.voidPromise());
        assertTrue(alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory() > 0, "the batch holds the encoded delivery");
        finish(out);
        assertNoLeaks(alloc);
    }

    @Test
    void aLargeBodyGoesByReferenceBetweenBatches() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel out = channel(alloc, new AmqpFrameEncoder());
        int large = AmqpFrameEncoder.COPY_THRESHOLD + 100;
        out.write(delivery(alloc, 16, 1), out.voidPromise());
        ContentCommand big = delivery(alloc, large, 2);
        ByteBuf bigBody = big.body();
        out.write(big, out.voidPromise());
        out.write(delivery(alloc, 16, 3), out.voidPromise());
        out.flush();
        List<Object> buffers = new ArrayList<>(out.outboundMessages());
        assertEquals(3, buffers.size(), "batch ending in the body frame header, the body slice, batch starting with frame-end");
        assertEquals(large, ((ByteBuf) buffers.get(1)).readableBytes());
        assertEquals(1, bigBody.refCnt(), "the slice holds the body, not a copy");
        assertArrayEquals(concat(deliveryWire(16, 1), deliveryWire(large, 2), deliveryWire(16, 3)), outboundBytes(out));
        finish(out);
        assertNoLeaks(alloc);
    }
}
