package io.warren.broker.net;

import io.warren.broker.TuningProperty;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;

/**
 * The socket transport: Netty's native epoll where the platform has it, NIO otherwise.
 * One boss thread accepts connections; worker event loops do all socket I/O and frame coding, and
 * each queue runs on the loop of the connection that declared it.
 *
 * <p><b>How many loops.</b> {@link #defaultWorkerThreads}: one per core, except on a machine of one
 * or two cores, which gets a single loop. There a second loop costs more than it gives: every
 * publish, delivery and confirm that crosses from one loop to the other wakes a sleeping thread, and
 * the two loops compete for the cores with the storage thread, the collector and, in a benchmark or a
 * small deployment, the clients. Measured on 2 vCPUs with PerfTest sharing them (README, Benchmarks):
 * one loop took scenario 1 from about 110k to 145k msg/s and scenario 3 from 25k to 36k; the
 * fan-out scenario, whose five deliveries per publish keep one loop busy, lost its steadiness.
 * {@code -Dwarren.ioThreads=N} overrides the default. Busy loops pause between turns so
 * that more arrives per turn ({@link CoalescingSelectStrategy}; {@code -Dwarren.io.coalesceMicros=N},
 * 100 µs by default, 0 to turn it off).
 */
public record Transport(String name, EventLoopGroup bossGroup, EventLoopGroup workerGroup,
                        Class<? extends ServerChannel> serverChannelClass) {

    static final String IO_THREADS_PROPERTY = "warren.ioThreads";
    static final String COALESCE_MICROS_PROPERTY = "warren.io.coalesceMicros";
    static final int DEFAULT_COALESCE_MICROS = 100;

    /** Worker event loops for a machine with {@code processors} cores: one per core, a single one on two or fewer. */
    public static int defaultWorkerThreads(int processors) {
        return processors <= 2 ? 1 : processors;
    }

    /**
     * Worker event loops: {@code -Dwarren.ioThreads}, else {@link #defaultWorkerThreads} for this machine.
     * A value that is not a whole number from 1 to 1,024 stops the start with a message naming it.
     */
    public static int configuredWorkerThreads() {
        int byDefault = defaultWorkerThreads(Runtime.getRuntime().availableProcessors());
        return TuningProperty.read(IO_THREADS_PROPERTY, byDefault, 1, 1024, "the number of event loops");
    }

    /**
     * Microseconds a busy event loop pauses between turns ({@link CoalescingSelectStrategy}):
     * {@code -Dwarren.io.coalesceMicros}, 0 to 1,000, {@value #DEFAULT_COALESCE_MICROS} by default; 0 never pauses.
     */
    public static int configuredCoalesceMicros() {
        return TuningProperty.read(COALESCE_MICROS_PROPERTY, DEFAULT_COALESCE_MICROS, 0, 1000, "the microseconds a busy event loop pauses between turns");
    }

    /** The transport; with {@code coalesceMicros} above 0 its worker loops pause that long between busy turns. */
    public static Transport create(int workerThreads, int coalesceMicros) {
        SelectStrategyFactory turns = coalesceMicros > 0
                ? CoalescingSelectStrategy.factory(coalesceMicros * 1000L)
                : DefaultSelectStrategyFactory.INSTANCE;
        DefaultThreadFactory workers = new DefaultThreadFactory("warren-io");
        if (Epoll.isAvailable()) {
            return new Transport("epoll",
                    new EpollEventLoopGroup(1, new DefaultThreadFactory("warren-accept")),
                    new EpollEventLoopGroup(workerThreads, workers, turns),
                    EpollServerSocketChannel.class);
        }
        return new Transport("nio",
                new NioEventLoopGroup(1, new DefaultThreadFactory("warren-accept")),
                new NioEventLoopGroup(workerThreads, workers, SelectorProvider.provider(), turns),
                NioServerSocketChannel.class);
    }

    /** Whether Linux socket options beyond Java's (such as {@link SegmentSizeCap}'s) can be set: epoll only. */
    public boolean nativeSocketOptions() {
        return bossGroup instanceof EpollEventLoopGroup;
    }

    public void shutdown() {
        bossGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
