package io.warren.broker.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import io.warren.broker.TuningProperty;

/**
 * How much a connection may read from its socket in one turn of its event loop: one read of at
 * most 4 KiB (Netty's default is up to 16 reads of up to 64 KiB).
 *
 * <p>Why so little: an event loop serves many connections and the queues living on it. With large
 * turns, fifty publishers each read a thousand messages per turn while a consumer's acks, and the
 * queue work they release, wait behind them: the turn grows to tens of milliseconds and every
 * consumer's round trip (delivery, ack, next delivery under its prefetch) with it. Small turns keep
 * the loop fair, as RabbitMQ's credit flow keeps publishers from outrunning a queue's consumers;
 * a lone fast connection loses nothing (the loop simply turns more often).
 *
 * <p>Measured with PerfTest on 2 cores (see the README's performance section): 50 publishers, 50
 * consumers, 50 queues went from 13,800 to 75,000 msg/s received; one publisher and one consumer
 * gained too. {@code -Dwarren.io.maxReadBytes} and {@code -Dwarren.io.maxReadsPerLoop} override.
 *
 * <p><b>Headroom.</b> Each read buffer keeps {@link #HEADROOM} bytes free in front of the data read
 * into it, where the frame decoder puts the partial frame the previous read left over
 * ({@link io.warren.codec.HeadroomCumulator}) instead of copying both into a new buffer. 4 KiB of read
 * plus 1 KiB of room is one of the pooled allocator's size classes (5 KiB).
 */
public final class FairReads {
    static final String MAX_READ_BYTES_PROPERTY = "warren.io.maxReadBytes";
    static final String MAX_READS_PER_LOOP_PROPERTY = "warren.io.maxReadsPerLoop";
    /** Room kept in front of each read for the previous read's partial frame: a small message's frames fit. */
    static final int HEADROOM = 1024;

    private FairReads() {}

    /** The most one read takes: 4 KiB, or {@code -Dwarren.io.maxReadBytes} (64 bytes to 1 MiB). */
    static int maxReadBytes() {
        return TuningProperty.read(MAX_READ_BYTES_PROPERTY, 4096, 64, 1 << 20, "the bytes read at most per turn");
    }

    /** Reads per turn: 1, or {@code -Dwarren.io.maxReadsPerLoop} (1 to 1,024). */
    static int maxReadsPerLoop() {
        return TuningProperty.read(MAX_READS_PER_LOOP_PROPERTY, 1, 1, 1024, "the reads per turn");
    }

    /** The read policy for accepted sockets; refuses a bad {@code -D} override with an {@link IllegalArgumentException}. */
    public static RecvByteBufAllocator allocator() {
        int maxReadBytes = maxReadBytes();
        AdaptiveRecvByteBufAllocator reads = new AdaptiveRecvByteBufAllocator(64, Math.min(2048, maxReadBytes), maxReadBytes);
        reads.maxMessagesPerRead(maxReadsPerLoop());
        return () -> new WithHeadroom((RecvByteBufAllocator.ExtendedHandle) reads.newHandle());
    }

    /** The adaptive handle's sizing and read limits, with buffers that keep {@link #HEADROOM} free in front. */
    static final class WithHeadroom extends RecvByteBufAllocator.DelegatingHandle implements RecvByteBufAllocator.ExtendedHandle {
        private final RecvByteBufAllocator.ExtendedHandle reads;

        WithHeadroom(RecvByteBufAllocator.ExtendedHandle reads) {
            super(reads);
            this.reads = reads;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf buffer = alloc.ioBuffer(HEADROOM + guess());
            return buffer.writerIndex(HEADROOM).readerIndex(HEADROOM);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return reads.continueReading(maybeMoreDataSupplier);
        }
    }
}
