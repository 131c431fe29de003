package io.warren.management.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.warren.config.Listener;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server on one port: Netty's HTTP codec and aggregator (bodies up to
 * {@link #MAX_BODY} bytes) on its own event loop, handlers on a small worker pool so that a
 * handler waiting for a queue's answer never holds the socket loop. Keep-alive is supported.
 * Independent of the broker's event loops, so it keeps serving while the broker app is stopped.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    /** The largest request body accepted (a definitions import of a big node fits). */
    public static final int MAX_BODY = 64 * 1024 * 1024;

    private final EventLoopGroup group;
    private final ExecutorService workers;
    private final Channel server;

    private HttpListener(EventLoopGroup group, ExecutorService workers, Channel server) {
        this.group = group;
        this.workers = workers;
        this.server = server;
    }

    /** Binds {@code listener} (port 0 picks a free port) and serves requests with {@code handler}. */
    public static HttpListener bind(String name, Listener listener, int workerThreads, HttpHandler handler)
            throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("warren-" + name + "-io", true));
        ExecutorService workers = Executors.newFixedThreadPool(workerThreads, new DefaultThreadFactory("warren-" + name, true));
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                    new HttpObjectAggregator(MAX_BODY), new Dispatcher(handler, workers));
                        }
                    })
                    .bind(listener.toSocketAddress()).sync().channel();
            return new HttpListener(group, workers, server);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownNow();
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        workers.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** Hands each complete request to a worker and writes its answer back on the socket's loop. */
    private static final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final HttpHandler handler;
        private final ExecutorService workers;

        Dispatcher(HttpHandler handler, ExecutorService workers) {
            this.handler = handler;
            this.workers = workers;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
            if (!message.decoderResult().isSuccess()) {
                write(ctx, false, HttpResponse.empty(400));
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(message);
            HttpRequest request;
            try {
                request = toRequest(message, ctx);
            } catch (IllegalArgumentException badEncoding) {
                write(ctx, false, HttpResponse.empty(400));
                return;
            }
            try {
                workers.execute(() -> {
                    HttpResponse response;
                    try {
                        response = handler.handle(request);
                    } catch (Exception e) {
                        log.error("internal error answering {} {}", request.method(), request.path(), e);
                        response = HttpResponse.json(500, ("{\"error\":\"internal_server_error\",\"reason\":"
                                + quote(String.valueOf(e)) + "}").getBytes(StandardCharsets.UTF_8));
                    }
                    HttpResponse answer = response;
                    ctx.executor().execute(() -> write(ctx, keepAlive, answer));
                });
            } catch (RejectedExecutionException stopping) {
                write(ctx, false, HttpResponse.empty(503));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private static HttpRequest toRequest(FullHttpRequest message, ChannelHandlerContext ctx) {
            String uri = message.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            List<String> segments = new ArrayList<>();
            for (String part : path.split("/")) {
                if (!part.isEmpty()) segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            if (path.endsWith("/") && path.length() > 1) segments.add("");
            Map<String, String> query = new LinkedHashMap<>();
            new QueryStringDecoder(uri).parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
            Map<String, String> headers = new LinkedHashMap<>();
            message.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            byte[] body = new byte[message.content().readableBytes()];
            message.content().readBytes(body);
            return new HttpRequest(message.method().name(), path, List.copyOf(segments), Map.copyOf(query),
                    Map.copyOf(headers), body, ctx.channel().remoteAddress());
        }

        private static void write(ChannelHandlerContext ctx, boolean keepAlive, HttpResponse response) {
            FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
            if (response.contentType() != null) out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
            out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            out.headers().set("vary", "accept, accept-encoding, origin");
            out.headers().set(HttpHeaderNames.SERVER, "Warren");
            response.headers().forEach(out.headers()::set);
            if (keepAlive) {
                out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(out);
            } else {
                ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static String quote(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
    }
}
