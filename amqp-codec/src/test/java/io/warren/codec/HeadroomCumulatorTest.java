package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link HeadroomCumulator}: a read's leftover partial frame joins the next read in that read's headroom. */
class HeadroomCumulatorTest {
    private static final int ROOM = 1024;

    /** A buffer as the broker's read allocator hands it out: {@code room} free bytes in front, then the read. */
    private static ByteBuf readWithRoom(UnpooledByteBufAllocator alloc, byte[] wire, int from, int to, int room) {
        ByteBuf b = alloc.heapBuffer(room + (to - from));
        b.writerIndex(room).readerIndex(room);
        return b.writeBytes(wire, from, to - from);
    }

    @Test
    void theLeftoverGoesIntoTheNextReadsHeadroom() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        ByteBuf leftover = alloc.heapBuffer(16).writeBytes(new byte[] {1, 2, 3});
        ByteBuf next = readWithRoom(alloc, new byte[] {4, 5}, 0, 2, ROOM);
        ByteBuf joined = HeadroomCumulator.INSTANCE.cumulate(alloc, leftover, next);
        assertSame(next, joined, "no new buffer");
        assertEquals(0, leftover.refCnt(), "the leftover's buffer is released");
        assertEquals(ROOM - 3, joined.readerIndex());
        byte[] got = new byte[5];
        joined.readBytes(got);
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5), List.of(got[0], got[1], got[2], got[3], got[4]));
        joined.release();
        assertNoLeaks(alloc);
    }

    @Test
    void withoutRoomOrWhenTheReadIsSharedItMergesAsNettyDoes() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        ByteBuf leftover = alloc.heapBuffer(16).writeBytes(new byte[] {1, 2, 3});
        ByteBuf noRoom = alloc.heapBuffer(2).writeBytes(new byte[] {4, 5});
        ByteBuf joined = HeadroomCumulator.INSTANCE.cumulate(alloc, leftover, noRoom);
        assertEquals(5, joined.readableBytes());
        assertEquals(0, noRoom.refCnt(), "merged and released");
        joined.release();

        ByteBuf leftover2 = alloc.heapBuffer(16).writeBytes(new byte[] {1, 2, 3});
        ByteBuf shared = readWithRoom(alloc, new byte[] {4, 5}, 0, 2, ROOM).retain();
        ByteBuf joined2 = HeadroomCumulator.INSTANCE.cumulate(alloc, leftover2, shared);
        assertTrue(joined2 != shared, "someone else holds the read: not written into");
        assertEquals(5, joined2.readableBytes());
        assertEquals(1, shared.refCnt());
        shared.release();
        joined2.release();
        assertNoLeaks(alloc);
    }

    /**
     * Frames of every size cut at random points, fed to the decoder in buffers with headroom: the same
     * frames come out as from the whole wire, small leftovers use the headroom, large ones merge, and
     * body slices keep nothing alive once released.
     */
    @Test
    void framesCutAnywhereDecodeTheSameThroughHeadroomReads() {
        Random rnd = new Random(42);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int size = rnd.nextInt(10) == 0 ? 1500 + rnd.nextInt(5000) : rnd.nextInt(700);
            byte[] body = new byte[size];
            rnd.nextBytes(body);
            frames.add(new MethodFrame(1, new BasicMethod.Publish(0, "amq.direct", "key-" + (i % 7), false, false)));
            frames.add(new ContentHeaderFrame(1, BasicMethod.CLASS_ID, size, BasicProperties.EMPTY));
            frames.add(new ContentBodyFrame(1, Unpooled.wrappedBuffer(body)));
        }
        byte[] wire = encode(frames.toArray(Frame[]::new));
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = channel(alloc, new AmqpFrameDecoder(false, FRAME_MAX));
        List<Object> decoded = new ArrayList<>();
        for (int from = 0; from < wire.length; ) {
            int to = Math.min(wire.length, from + 1 + rnd.nextInt(4096));
            ch.writeInbound(readWithRoom(alloc, wire, from, to, ROOM));
            ch.checkException();
            decoded.addAll(drain(ch));
            from = to;
        }
        assertEquals(frames, decoded);
        release(decoded);
        finish(ch);
        assertNoLeaks(alloc);
    }
}
