package io.warren.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Joins the partial frame a read left over to the next read without copying that read.
 *
 * <p>A socket read rarely ends on a frame boundary, so almost every read leaves the start of a frame
 * behind. Netty's {@link ByteToMessageDecoder#MERGE_CUMULATOR} then copies the leftover and the whole
 * next read into a new buffer, rounded up to a power of two: 8 KiB for a 4 KiB read. Message bodies
 * are slices of that buffer and keep it alive while queued, so a backlog of small messages held
 * twice its size in direct memory, and every read was copied once.
 *
 * <p>When the next read buffer keeps room in front of its data (the broker's read allocator reserves
 * it, see {@code io.warren.broker.net.FairReads}) and nothing else holds it, the leftover goes into
 * that room instead: one small copy (part of one frame), no new buffer, and each buffer stays as full
 * as the reads made it. Otherwise (no room, a frame larger than the room, a buffer someone else holds,
 * TLS) it merges as Netty does.
 */
public final class HeadroomCumulator implements ByteToMessageDecoder.Cumulator {
    public static final HeadroomCumulator INSTANCE = new HeadroomCumulator();

    private HeadroomCumulator() {}

    @Override
    public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        int leftover = cumulation.readableBytes();
        if (leftover > 0 && leftover <= in.readerIndex() && in.refCnt() == 1 && !in.isReadOnly()) {
            int start = in.readerIndex() - leftover;
            in.setBytes(start, cumulation, cumulation.readerIndex(), leftover);
            in.readerIndex(start);
            cumulation.release();
            return in;
        }
        return ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    }
}
