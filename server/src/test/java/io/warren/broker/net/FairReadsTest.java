package io.warren.broker.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
            assertTrue(read.writableBytes() <= FairReads.maxReadBytes());
        } finally {
            read.release();
        }
        // the limit per turn is the adaptive allocator's: one read
        handle.lastBytesRead(FairReads.maxReadBytes());
        handle.incMessagesRead(1);
        assertEquals(FairReads.maxReadsPerLoop() == 1, !handle.continueReading());
    }

    @Test
    void aReadSizeOutOfRangeOrNotANumberIsRefusedWithItsName() {
        String previous = System.getProperty(FairReads.MAX_READ_BYTES_PROPERTY);
        try {
            for (String bad : new String[] {"10", "4k", "", "1048577", "2147483648"}) {
                System.setProperty(FairReads.MAX_READ_BYTES_PROPERTY, bad);
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, FairReads::allocator);
                assertEquals("-Dwarren.io.maxReadBytes=" + bad + ": the bytes read at most per turn must be a whole number from 64 to 1048576",
                        refused.getMessage());
            }
            System.setProperty(FairReads.MAX_READ_BYTES_PROPERTY, "8192");
            assertEquals(8192, FairReads.maxReadBytes());
        } finally {
            if (previous == null) System.clearProperty(FairReads.MAX_READ_BYTES_PROPERTY);
            else System.setProperty(FairReads.MAX_READ_BYTES_PROPERTY, previous);
        }
    }
}
