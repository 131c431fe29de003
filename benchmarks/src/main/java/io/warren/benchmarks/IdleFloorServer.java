package io.warren.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.warren.broker.net.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least a Java server holding idle TCP connections takes, to set beside Warren's resident memory
 * in scenario 8 (README, "Memory"; {@code benchmarks/perftest/idle_floor.py} runs it). Neither kind
 * speaks AMQP:
 * <ul>
 *   <li>{@code nio}: {@code java.nio} accepts on one thread and keeps the sockets, the JVM's floor;</li>
 *   <li>{@code netty}: Warren's own {@link Transport} on two cores (one loop accepts, one reads, into
 *       Netty's pooled buffers), dropping whatever arrives: the floor of a Netty broker.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> {@link #connections()} may be read from any thread; only the {@code nio}
 * accept thread or the {@code netty} worker loop changes it.
 */
public final class IdleFloorServer implements AutoCloseable {
    /** Pending connections the listening socket queues, as Warren's listener has it (Java's default is 50). */
    private static final int BACKLOG = 1024;

    private final AutoCloseable stop;
    private final int port;
    private final AtomicInteger connections;

    private IdleFloorServer(AutoCloseable stop, int port, AtomicInteger connections) {
        this.stop = stop;
        this.port = port;
        this.connections = connections;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) with {@code kind} {@code nio} or {@code netty}. */
    public static IdleFloorServer start(String kind, int port) throws IOException, InterruptedException {
        return switch (kind) {
            case "nio" -> startNio(port);
            case "netty" -> startNetty(port);
            default -> throw new IllegalArgumentException("kind must be nio or netty, not " + kind);
        };
    }

    public int port() {
        return port;
    }

    /** Connections accepted and not yet closed by the client ({@code nio} notices no close: it never reads). */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }

    private static IdleFloorServer startNio(int port) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port), BACKLOG);
        List<SocketChannel> held = new CopyOnWriteArrayList<>();
        AtomicInteger count = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(server.accept());
                    count.incrementAndGet();
                }
            } catch (ClosedChannelException closed) {
                // close() stopped the server
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "idle-floor-accept");
        acceptor.start();
        AutoCloseable stop = () -> {
            server.close();
            acceptor.join();                                  // after this, nothing adds to held
            for (SocketChannel socket : held) socket.close();
        };
        return new IdleFloorServer(stop, ((InetSocketAddress) server.getLocalAddress()).getPort(), count);
    }

    private static IdleFloorServer startNetty(int port) throws InterruptedException {
        Transport transport = Transport.create(1, 0);      // Warren's transport on two cores, without its pauses
        AtomicInteger count = new AtomicInteger();
        Channel server;
        try {
            server = new ServerBootstrap().group(transport.bossGroup(), transport.workerGroup())
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .childHandler(new DropEverything(count))
                    .bind("127.0.0.1", port).sync().channel();
        } catch (RuntimeException | InterruptedException e) {   // the port taken, say: no loop threads left behind
            transport.shutdown();
            throw e;
        }
        AutoCloseable stop = () -> {
            server.close().sync();
            transport.shutdown();
        };
        return new IdleFloorServer(stop, ((InetSocketAddress) server.localAddress()).getPort(), count);
    }

    /** Counts open connections and releases every buffer read. */
    @ChannelHandler.Sharable
    private static final class DropEverything extends ChannelInboundHandlerAdapter {
        private final AtomicInteger count;

        DropEverything(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            count.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            count.decrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
        }
    }

    /** {@code IdleFloorServer nio|netty PORT}: serves until killed; port 0 takes a free one, printed on the first line. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: IdleFloorServer nio|netty PORT");
            System.exit(64);
        }
        IdleFloorServer server = start(args[0], Integer.parseInt(args[1]));
        System.out.println("idle floor (" + args[0] + ") listening on 127.0.0.1:" + server.port());
        Thread.currentThread().join();
    }
}
