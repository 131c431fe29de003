package io.warren.broker.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport: Netty's native epoll where the platform has it, NIO otherwise.
 * One boss thread accepts connections; worker event loops (one per core by default) do all
 * socket I/O and frame coding.
 */
public record Transport(String name, EventLoopGroup bossGroup, EventLoopGroup workerGroup,
                        Class<? extends ServerChannel> serverChannelClass) {

    public static Transport create(int workerThreads) {
        if (Epoll.isAvailable()) {
            return new Transport("epoll",
                    new EpollEventLoopGroup(1, new DefaultThreadFactory("warren-accept")),
                    new EpollEventLoopGroup(workerThreads, new DefaultThreadFactory("warren-io")),
                    EpollServerSocketChannel.class);
        }
        return new Transport("nio",
                new NioEventLoopGroup(1, new DefaultThreadFactory("warren-accept")),
                new NioEventLoopGroup(workerThreads, new DefaultThreadFactory("warren-io")),
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
