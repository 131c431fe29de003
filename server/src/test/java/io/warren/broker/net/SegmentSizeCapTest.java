package io.warren.broker.net;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.warren.broker.TestBroker;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A client of Warren's AMQP listener sees segments of at most 16 KiB, where plain loopback allows larger ones. */
class SegmentSizeCapTest {

    @Test
    void theBrokerAnnouncesTheCappedSegmentSize() throws Exception {
        assumeTrue(Epoll.isAvailable(), "TCP_MAXSEG needs Netty's epoll transport");
        assumeTrue(!TestBroker.external(), "Warren's own listener");
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try (TestBroker broker = TestBroker.start()) {
            int uncapped = clientSegmentSize(group, plainLoopbackListener(group));
            assertTrue(uncapped > SegmentSizeCap.MAX_SEGMENT,
                    "loopback without the cap allows larger segments (" + uncapped + "), else this test proves nothing");

            int capped = clientSegmentSize(group, new InetSocketAddress("127.0.0.1", broker.port()));
            assertTrue(capped > 0 && capped <= SegmentSizeCap.MAX_SEGMENT,
                    "a client of the AMQP listener sends segments of at most 16 KiB, saw " + capped);
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    private static InetSocketAddress plainLoopbackListener(EventLoopGroup group) throws InterruptedException {
        // closed with the group, in the test's finally
        Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter())
                .bind("127.0.0.1", 0).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** The send MSS the kernel chose for a fresh client connection to {@code address}. */
    private static int clientSegmentSize(EventLoopGroup group, InetSocketAddress address) throws InterruptedException {
        EpollSocketChannel client = (EpollSocketChannel) new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(address).sync().channel();
        try {
            return (int) client.tcpInfo().sndMss();
        } finally {
            client.close().sync();
        }
    }
}
