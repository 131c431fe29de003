package io.warren.broker.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** {@link FairReads}: reads of at most 4 KiB, each buffer with room in front for the previous read's partial frame. */
class FairReadsTest {
    @Test
    void readBuffersKeepHeadroomInFrontOfAtMostFourKibOfRead() {
        RecvByteBufAllocator.Handle handle = FairReads.allocator().newHandle();
        assertTrue(handle instanceof RecvByteBufAllocator.ExtendedHandle, "epoll channels need an extended handle");
        handle.reset(new EmbeddedChannel().config());
        ByteBuf read = handle.allocate(PooledByteBufAllocator.DEFAULT);
        try {
            assertEquals(FairReads.HEADROOM, read.readerIndex());
            assertEquals(FairReads.HEADROOM, read.writerIndex());
            assertEquals(handle.guess(), read.writableBytes(), "the read gets exactly the adaptive guess");
            assertTrue(read.writableBytes() <= FairReads.MAX_READ_BYTES);
        } finally {
            read.release();
        }
        // the limit per turn is the adaptive allocator's: one read
        handle.lastBytesRead(FairReads.MAX_READ_BYTES);
        handle.incMessagesRead(1);
        assertEquals(FairReads.MAX_READS_PER_LOOP == 1, !handle.continueReading());
    }
}
