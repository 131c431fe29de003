package io.warren.broker.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.warren.broker.connection.ConnectionContext;
import io.warren.broker.connection.AmqpConnection;
import io.warren.codec.AmqpFrameDecoder;
import io.warren.codec.AmqpFrameEncoder;
import io.warren.config.Listener;
import java.net.InetSocketAddress;

/** Binds one AMQP listener and gives every accepted socket the AMQP pipeline. */
public final class AmqpListener {
    private final Channel serverChannel;

    private AmqpListener(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    public static AmqpListener bind(Transport transport, Listener listener, ConnectionContext context) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.bossGroup(), transport.workerGroup())
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(AmqpConnection.DECODER, new AmqpFrameDecoder())
                                .addLast(AmqpConnection.ENCODER, AmqpFrameEncoder.INSTANCE)
                                .addLast(AmqpConnection.HANDLER, new AmqpConnection(context));
                    }
                });
        return new AmqpListener(bootstrap.bind(listener.toSocketAddress()).sync().channel());
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
