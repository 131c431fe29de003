package io.warren.broker.connection;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.broker.ProtocolException;
import io.netty.handler.ssl.SslHandler;
import io.warren.broker.auth.AccessControl;
import io.warren.broker.auth.Login;
import io.warren.broker.auth.SaslNegotiation;
import io.warren.broker.channel.AmqpChannel;
import io.warren.broker.channel.ChannelOwner;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AmqpError;
import io.warren.codec.AmqpFrameDecoder;
import io.warren.codec.ChannelMethod;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.ContentBodyFrame;
import io.warren.codec.Frame;
import io.warren.codec.HeartbeatFrame;
import io.warren.codec.LongString;
import io.warren.codec.Method;
import io.warren.codec.MethodFrame;
import io.warren.codec.ProtocolHeader;
import io.warren.codec.ReplyCode;
import io.warren.config.Limits;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one AMQP connection: the handshake (start, tune, open), the channel table,
 * heartbeats, and closing from either side.
 *
 * <p>Concurrency: one instance per socket, every method runs on that socket's event loop, so
 * its state needs no locks. Writes are queued with {@link #write} and flushed once per read
 * batch ({@link #channelReadComplete}). Other threads reach a connection only through
 * {@link #forceClose}, which hops onto the event loop.
 *
 * <p>Errors: a {@link ProtocolException} or decoder {@link AmqpError} with a connection-level
 * code sends connection.close and waits (bounded) for close-ok; a channel-level one closes only
 * that channel. Any other exception is logged once and answered with 541 INTERNAL_ERROR. No
 * exception reaches Netty.
 */
public final class AmqpConnection extends ChannelInboundHandlerAdapter implements ChannelOwner {
    public static final String DECODER = "amqp-decoder";
    public static final String ENCODER = "amqp-encoder";
    public static final String HANDLER = "amqp-connection";
    private static final long CLOSE_OK_TIMEOUT_MS = 3_000;
    private static final Logger log = LoggerFactory.getLogger(AmqpConnection.class);

    private final ConnectionContext context;
    private final IntObjectHashMap<AmqpChannel> channels = new IntObjectHashMap<>();
    private ChannelHandlerContext ctx;
    private ConnectionState state = ConnectionState.handshake;
    private ScheduledFuture<?> handshakeTimer;
    private HeartbeatMonitor heartbeat;
    private boolean authFailureCloseCapable;
    private volatile String username;
    private VirtualHost vhost;
    private AccessControl access;
    private SaslNegotiation sasl;
    private boolean admitted;
    private boolean consumerCancelNotify;
    private boolean blockedCapable;
    private boolean blockedSent;
    private volatile ReadGate readGate;
    private final List<AmqpChannel> endOfBatch = new ArrayList<>();
    private int channelMax;
    private long frameMax;
    private int heartbeatSeconds;
    private volatile long connectedAt;
    private volatile Map<String, Object> clientProperties = Map.of();
    private volatile String authMechanism;

    public AmqpConnection(ConnectionContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        connectedAt = System.currentTimeMillis();
        long timeout = context.limits().handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(this::handshakeTimedOut, timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = ConnectionState.closed;
        if (handshakeTimer != null) handshakeTimer.cancel(false);
        if (heartbeat != null) heartbeat.stop();
        releaseChannels();
        if (vhost != null) vhost.deleteExclusiveQueues(this);
        if (admitted) context.registry().remove(this, vhost.name());
        if (username != null) log.info("closed connection {} (user '{}', vhost '{}')", ctx.channel().remoteAddress(), username, vhostName());
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (heartbeat != null) heartbeat.read();
        guarded(msg instanceof Frame f ? f.channel() : 0, () -> {
            if (msg instanceof Frame frame) {
                onFrame(frame);
            } else if (msg instanceof ProtocolHeader header) {
                onProtocolHeader(header);
            } else if (msg instanceof AmqpError error) {
                log.warn("closing connection {}: {}", ctx.channel().remoteAddress(), error.replyText());
                closeWithError(error);
            } else {
                ReferenceCountUtil.release(msg);
            }
        });
    }

    /**
     * Runs work for a channel with the connection's error handling: a {@link ProtocolException}
     * closes the channel or the connection as its code says; anything else is logged once and
     * answered with 541 INTERNAL_ERROR. Nothing escapes to Netty.
     */
    private void guarded(int channelNumber, Runnable work) {
        try {
            work.run();
        } catch (ProtocolException e) {
            onError(e.error(), channelNumber);
        } catch (RuntimeException e) {
            log.error("internal error on connection {}, channel {}", ctx.channel().remoteAddress(), channelNumber, e);
            closeWithError(AmqpError.of(ReplyCode.INTERNAL_ERROR, "internal error", 0, 0));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!endOfBatch.isEmpty()) {
            for (AmqpChannel channel : endOfBatch) channel.endOfBatch();
            endOfBatch.clear();
        }
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == ConnectionState.running) readGate().writable(ctx.channel().isWritable());
        if (ctx.channel().isWritable()) channels.values().forEach(AmqpChannel::writableAgain);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            log.debug("socket error on connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("closing connection {} after an unexpected error: {}", ctx.channel().remoteAddress(), cause.toString(), cause);
        }
        ctx.close();
    }

    private void onProtocolHeader(ProtocolHeader header) {
        if (!header.supported()) {
            ctx.writeAndFlush(new ProtocolHeader(ProtocolHeader.AMQP_0_9_1.clone())).addListener(ChannelFutureListener.CLOSE);
            state = ConnectionState.closed;
            return;
        }
        state = ConnectionState.starting;
        sasl = new SaslNegotiation(context.auth().mechanisms(), clientCertificate(), context.auth().sslCertLoginFrom());
        write(new MethodFrame(0, new ConnectionMethod.Start(0, 9, context.serverProperties(),
                LongString.of(sasl.announced()), LongString.of("en_US"))));
    }

    private void onFrame(Frame frame) {
        if (state == ConnectionState.refusing) {
            if (frame instanceof ContentBodyFrame body) body.payload().release();
        } else if (state == ConnectionState.closing || state == ConnectionState.closed) {
            discardWhileClosing(frame);
        } else if (frame instanceof HeartbeatFrame) {
            // Any inbound bytes already count as liveness for the idle handler.
        } else if (frame.channel() == 0) {
            onConnectionFrame(frame);
        } else {
            onChannelFrame(frame);
        }
    }

    private void onConnectionFrame(Frame frame) {
        if (!(frame instanceof MethodFrame methodFrame)) {
            if (frame instanceof ContentBodyFrame body) body.payload().release();
            throw ProtocolException.of(ReplyCode.UNEXPECTED_FRAME, "expected method frame, got non method frame instead", null);
        }
        Method method = methodFrame.method();
        if (state == ConnectionState.starting && method instanceof ConnectionMethod.StartOk startOk) {
            onStartOk(startOk);
        } else if (state == ConnectionState.tuning && method instanceof ConnectionMethod.TuneOk tuneOk) {
            onTuneOk(tuneOk);
        } else if (state == ConnectionState.opening && method instanceof ConnectionMethod.Open open) {
            onOpen(open);
        } else if (method instanceof ConnectionMethod.Close) {
            answerClose();
        } else if (state == ConnectionState.running && method instanceof ConnectionMethod.UpdateSecret) {
            write(new MethodFrame(0, new ConnectionMethod.UpdateSecretOk()));
        } else {
            throw ProtocolException.of(ReplyCode.CHANNEL_ERROR, "unexpected method in connection state " + state, method);
        }
    }

    private void onStartOk(ConnectionMethod.StartOk startOk) {
        clientProperties = startOk.clientProperties();
        authMechanism = startOk.mechanism();
        authFailureCloseCapable = capability(startOk.clientProperties(), "authentication_failure_close");
        consumerCancelNotify = capability(startOk.clientProperties(), "consumer_cancel_notify");
        blockedCapable = capability(startOk.clientProperties(), "connection.blocked");
        SocketAddress peer = ctx.channel().remoteAddress();
        Login login = sasl.login(startOk, context.authenticator(), peer);
        if (!login.succeeded()) {
            log.warn("{} login refused from {}: {}", startOk.mechanism(), peer, login.refusal());
            refuseLogin(startOk.mechanism());
            return;
        }
        username = login.username();
        state = ConnectionState.tuning;
        var limits = context.limits();
        write(new MethodFrame(0, new ConnectionMethod.Tune(limits.channelMax(), limits.frameMax(), limits.heartbeatSeconds())));
    }

    private void onTuneOk(ConnectionMethod.TuneOk tuneOk) {
        TuneNegotiation.validate(tuneOk, context.limits().frameMax(), context.limits().channelMax());
        channelMax = tuneOk.channelMax() == 0 ? 65535 : tuneOk.channelMax();
        frameMax = tuneOk.frameMax();
        heartbeatSeconds = tuneOk.heartbeat();
        ((AmqpFrameDecoder) ctx.pipeline().get(DECODER)).maxFrameSize(frameMax);
        if (heartbeatSeconds > 0) {
            heartbeat = new HeartbeatMonitor(ctx, heartbeatSeconds, () -> {
                log.warn("missed heartbeats from client {}, timeout: {}s", ctx.channel().remoteAddress(), heartbeatSeconds);
                state = ConnectionState.closed;
                ctx.close();
            });
        }
        state = ConnectionState.opening;
    }

    private void onOpen(ConnectionMethod.Open open) {
        VirtualHost requested = context.virtualHosts().get(open.virtualHost());
        if (requested == null) {
            throw ProtocolException.of(ReplyCode.NOT_ALLOWED, "vhost " + open.virtualHost() + " not found", open);
        }
        ConnectionAdmission.admit(this, requested, username, context, open);
        vhost = requested;
        admitted = true;
        access = new AccessControl(context.users(), username, vhost.name());
        handshakeTimer.cancel(false);
        state = ConnectionState.running;
        write(new MethodFrame(0, new ConnectionMethod.OpenOk("")));
        String alarm = context.registry().alarm();
        if (alarm != null) alarm(alarm);
        log.info("accepted connection {} (user '{}', vhost '{}')", ctx.channel().remoteAddress(), username, vhostName());
    }

    private ReadGate readGate() {
        if (readGate == null) readGate = new ReadGate(ctx.channel());
        return readGate;
    }

    /**
     * A resource alarm was raised ({@code reason}, e.g. "low on memory") or cleared (null): publishers are
     * blocked until it clears, and clients that support it are told with connection.blocked/unblocked. Any thread.
     */
    public void alarm(String reason) {
        ctx.executor().execute(() -> {
            if (state == ConnectionState.closed || state == ConnectionState.closing) return;
            readGate().alarm(reason);
            if (state != ConnectionState.running || !blockedCapable) return;
            if (reason != null && !blockedSent) {
                blockedSent = true;
                ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.Blocked(reason)));
            } else if (reason == null && blockedSent) {
                blockedSent = false;
                ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.Unblocked()));
            }
        });
    }

    private void onChannelFrame(Frame frame) {
        if (frame instanceof MethodFrame m && m.method() instanceof io.warren.codec.BasicMethod.Publish) readGate().published();
        int number = frame.channel();
        if (state != ConnectionState.running) {
            if (frame instanceof ContentBodyFrame body) body.payload().release();
            throw ProtocolException.of(ReplyCode.CHANNEL_ERROR, "unexpected frame on channel " + number
                    + " in connection state " + state, null);
        }
        Method method = frame instanceof MethodFrame m ? m.method() : null;
        if (method instanceof ConnectionMethod) {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, "unimplemented method", method);
        }
        AmqpChannel channel = channels.get(number);
        if (channel == null) {
            openChannel(number, method, frame);
        } else if (method instanceof ChannelMethod.Open) {
            throw ProtocolException.of(ReplyCode.CHANNEL_ERROR, "second 'channel.open' seen", method);
        } else {
            channel.onFrame(frame);
        }
    }

    private void openChannel(int number, Method method, Frame frame) {
        if (!(method instanceof ChannelMethod.Open)) {
            if (frame instanceof ContentBodyFrame body) body.payload().release();
            throw ProtocolException.of(ReplyCode.CHANNEL_ERROR, "expected 'channel.open'", method);
        }
        if (number > channelMax || channels.size() >= channelMax) {
            throw ProtocolException.of(ReplyCode.NOT_ALLOWED, "number of channels opened (" + channels.size()
                    + ") has reached the negotiated channel_max (" + channelMax + ")", method);
        }
        if (!context.registry().openChannel(context.limits().channelMaxPerNode())) {
            throw ProtocolException.of(ReplyCode.NOT_ALLOWED, "number of channels opened on node '" + context.nodeName()
                    + "' has reached the maximum allowed limit of " + context.limits().channelMaxPerNode(), method);
        }
        channels.put(number, new AmqpChannel(number, this, context.limits()));
        write(new MethodFrame(number, new ChannelMethod.OpenOk(LongString.EMPTY)));
    }

    private void onError(AmqpError error, int channelNumber) {
        AmqpChannel channel = channels.get(channelNumber);
        if (!error.closesConnection() && channel != null) {
            channel.closeWithError(error);
            return;
        }
        closeWithError(error);
    }

    /**
     * Sends connection.close and waits (bounded) for close-ok. A refused login from a client that
     * does not advertise {@code authentication_failure_close} just has its socket closed, as in RabbitMQ.
     */
    private void closeWithError(AmqpError error) {
        if (state == ConnectionState.closing || state == ConnectionState.closed) return;
        boolean silent = error.replyCode() == ReplyCode.ACCESS_REFUSED && state == ConnectionState.starting
                && !authFailureCloseCapable;
        releaseChannels();
        if (silent) {
            state = ConnectionState.closed;
            ctx.close();
            return;
        }
        state = ConnectionState.closing;
        ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.Close(error.replyCode(), error.replyText(),
                error.classId(), error.methodId())));
        closeAfterGrace();
    }

    /**
     * The client closes: channels go, close-ok goes out, and the socket is left for the client to
     * close, as RabbitMQ does (a client may still be writing acks it had queued), within a bound.
     */
    private void answerClose() {
        releaseChannels();
        state = ConnectionState.closed;
        ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.CloseOk()));
        closeAfterGrace();
    }

    /** Closes the socket after {@link #CLOSE_OK_TIMEOUT_MS} unless the client has closed it first. */
    private void closeAfterGrace() {
        ctx.executor().schedule((Runnable) ctx::close, CLOSE_OK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Every channel lets go of what it holds: consumers cancelled, unacked messages requeued. */
    private void releaseChannels() {
        channels.values().forEach(channel -> {
            channel.release();
            context.registry().channelClosed();
        });
        channels.clear();
    }

    private void discardWhileClosing(Frame frame) {
        if (frame instanceof ContentBodyFrame body) {
            body.payload().release();
        } else if (frame instanceof MethodFrame m && m.channel() == 0) {
            if (m.method() instanceof ConnectionMethod.CloseOk) {
                state = ConnectionState.closed;
                ctx.close();
            } else if (m.method() instanceof ConnectionMethod.Close) {
                answerClose();
            }
        }
    }

    /**
     * A refused login is answered only after {@code warren.login_failure_delay}, to slow password guessing,
     * without holding the event loop: the socket is not read meanwhile and the answer is scheduled. A client
     * that advertised {@code authentication_failure_close} gets 403 ACCESS_REFUSED; others see the socket close,
     * as with RabbitMQ.
     */
    private void refuseLogin(String mechanism) {
        ctx.channel().config().setAutoRead(false);
        state = ConnectionState.refusing;
        AmqpError error = AmqpError.of(ReplyCode.ACCESS_REFUSED, "Login was refused using authentication mechanism "
                + mechanism + ". For details see the broker logfile.", 0, 0);
        ctx.executor().schedule(() -> {
            if (state != ConnectionState.refusing) return;
            handshakeTimer.cancel(false);
            if (!authFailureCloseCapable) {
                state = ConnectionState.closed;
                ctx.close();
                return;
            }
            state = ConnectionState.closing;
            ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.Close(error.replyCode(), error.replyText(), 0, 0)));
            ctx.channel().config().setAutoRead(true); // to read the close-ok
            closeAfterGrace();
        }, context.auth().loginFailureDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The verified certificate of a TLS client, if it presented one. */
    private Optional<X509Certificate> clientCertificate() {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) return Optional.empty();
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
    }

    private void handshakeTimedOut() {
        if (state == ConnectionState.running || state == ConnectionState.closed) return;
        log.warn("closing connection {}: handshake timeout in state {}", ctx.channel().remoteAddress(), state);
        state = ConnectionState.closed;
        ctx.close();
    }

    /**
     * Closes the connection from the broker's side (shutdown, management), from any thread.
     * Returns the socket's close future.
     */
    public io.netty.channel.ChannelFuture forceClose(String reason) {
        ctx.executor().execute(() -> {
            if (state == ConnectionState.running) {
                closeWithError(AmqpError.of(ReplyCode.CONNECTION_FORCED, reason, 0, 0));
            } else {
                ctx.close();
            }
        });
        return ctx.channel().closeFuture();
    }

    @Override
    public void write(Object frameOrCommand) {
        if (heartbeat != null) heartbeat.wrote();
        ctx.write(frameOrCommand, ctx.voidPromise());
    }

    @Override
    public void channelClosed(int channelNumber) {
        AmqpChannel channel = channels.remove(channelNumber);
        if (channel != null) {
            endOfBatch.remove(channel);
            channel.release();
            context.registry().channelClosed();
        }
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    /** RabbitMQ's connection name, {@code "peer_host:peer_port -> host:port"}. */
    @Override
    public String connectionName() {
        return address(remoteAddress()) + " -> " + address(localAddress());
    }

    private static String address(SocketAddress address) {
        return address instanceof java.net.InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(address);
    }

    @Override
    public String nodeName() {
        return context.nodeName();
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public AccessControl access() {
        return access;
    }

    @Override
    public Limits limits() {
        return context.limits();
    }

    @Override
    public VirtualHost vhost() {
        return vhost;
    }

    /** The virtual host's name, or null before connection.open. */
    public String vhostName() {
        return vhost == null ? null : vhost.name();
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public io.warren.broker.durable.Persistence persistence() {
        return context.virtualHosts().persistence();
    }

    @Override
    public void runForChannel(int channelNumber, Runnable task) {
        ctx.executor().execute(() -> {
            if (state != ConnectionState.running) return;
            guarded(channelNumber, task);
            ctx.flush();
        });
    }

    @Override
    public void endOfBatchFor(AmqpChannel channel) {
        if (!endOfBatch.contains(channel)) endOfBatch.add(channel);
    }

    @Override
    public boolean consumes() {
        for (AmqpChannel channel : channels.values()) if (channel.consumes()) return true;
        return false;
    }

    /**
     * RabbitMQ's connection state for the management API: "running"; "flow" while a queue holds its
     * publishes back; "blocked" or "blocking" under a resource alarm. Any thread.
     */
    public String flowState() {
        ReadGate gate = readGate;
        return gate == null ? "running" : gate.state();
    }

    @Override
    public void reading(boolean on) {
        readGate().paused(!on);
    }

    @Override
    public EventLoop executor() {
        return ctx.channel().eventLoop();
    }

    @Override
    public boolean writable() {
        return ctx.channel().isWritable();
    }

    @Override
    public long frameMax() {
        return frameMax;
    }

    @Override
    public boolean consumerCancelNotify() {
        return consumerCancelNotify;
    }

    // ---- for the management API (any thread) ----------------------------------------------------

    /** When the socket was accepted (epoch milliseconds). */
    public long connectedAt() {
        return connectedAt;
    }

    /** The client's properties from connection.start-ok (product, version, capabilities, connection_name, ...). */
    public Map<String, Object> clientProperties() {
        return clientProperties;
    }

    /** The SASL mechanism the client logged in with, or null before start-ok. */
    public String authMechanism() {
        return authMechanism;
    }

    /** The broker's end of the socket. */
    public SocketAddress localAddress() {
        return ctx.channel().localAddress();
    }

    /** Whether the connection runs over TLS. */
    public boolean tls() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    /** The negotiated channel_max and heartbeat (seconds). */
    public int negotiatedChannelMax() {
        return channelMax;
    }

    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    public SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    private static boolean capability(Map<String, Object> clientProperties, String name) {
        return clientProperties.get("capabilities") instanceof Map<?, ?> caps && Boolean.TRUE.equals(caps.get(name));
    }
}
