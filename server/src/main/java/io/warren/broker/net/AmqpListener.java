package io.warren.broker.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.warren.broker.connection.ConnectionContext;
import io.warren.broker.connection.AmqpConnection;
import io.warren.codec.AmqpFrameDecoder;
import io.warren.codec.AmqpFrameEncoder;
import io.warren.config.Listener;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Binds one AMQP listener and gives every accepted socket the AMQP pipeline; an AMQPS listener puts TLS
 * (Netty's {@link SslHandler}) in front of it, whose handshake must finish within {@code handshake_timeout}.
 */
public final class AmqpListener {
    public static final String TLS = "tls";

    private final Channel serverChannel;
    private final boolean tls;

    private AmqpListener(Channel serverChannel, boolean tls) {
        this.serverChannel = serverChannel;
        this.tls = tls;
    }

    /** An AMQP listener, over TLS when {@code tls} is not null; its sockets read as {@code reads} says ({@link FairReads}). */
    public static AmqpListener bind(Transport transport, RecvByteBufAllocator reads, Listener listener, ConnectionContext context,
                                    SslContext tls) throws InterruptedException {
        long handshakeMillis = context.limits().handshakeTimeout().toMillis();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.bossGroup(), transport.workerGroup())
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, reads)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            SslHandler ssl = tls.newHandler(ch.alloc());
                            ssl.setHandshakeTimeout(handshakeMillis, TimeUnit.MILLISECONDS);
                            ch.pipeline().addLast(TLS, ssl);
                        }
                        ch.pipeline()
                                .addLast(AmqpConnection.DECODER, new AmqpFrameDecoder())
                                .addLast(AmqpConnection.ENCODER, new AmqpFrameEncoder())
                                .addLast(AmqpConnection.HANDLER, new AmqpConnection(context));
                    }
                });
        if (transport.nativeSocketOptions()) {
            bootstrap.option(SegmentSizeCap.OPTION, SegmentSizeCap.MAX_SEGMENT);
        }
        return new AmqpListener(bootstrap.bind(listener.toSocketAddress()).sync().channel(), tls != null);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Whether this listener speaks AMQPS. */
    public boolean tls() {
        return tls;
    }

    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
