package io.warren.broker;

import io.netty.channel.ChannelFuture;
import io.warren.broker.auth.Authenticator;
import io.warren.broker.connection.ConnectionContext;
import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.connection.ServerProperties;
import io.warren.broker.net.AmqpListener;
import io.warren.broker.net.Transport;
import io.warren.config.BrokerConfig;
import io.warren.config.Listener;
import io.warren.store.DataDirectoryLock;
import io.warren.codec.LongString;
import io.warren.routing.ExchangeTypes;
import io.warren.routing.HeadersExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.warren.broker.vhost.VirtualHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Warren node: its listeners, connections, users and virtual hosts, started and stopped as
 * a unit. {@link #start} binds every listener (port 0 picks a free one, see {@link #amqpAddresses});
 * {@link #close} tells every client {@code 320 CONNECTION_FORCED} before the sockets go.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    static final String SHUTDOWN_REASON = "broker forced connection closure with reason 'shutdown'";

    static {
        // Header values arrive as LongStrings; the headers exchange reads x-match through them.
        ExchangeTypes.register(HeadersExchange.TYPE,
                () -> new HeadersExchange<>(value -> value instanceof LongString s ? s.toString() : null));
    }

    private final BrokerConfig config;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private VirtualHosts virtualHosts;
    private final List<AmqpListener> listeners = new ArrayList<>();
    private Transport transport;
    private DataDirectoryLock dataLock;
    private boolean started;
    private boolean closed;

    public Broker(BrokerConfig config) {
        this.config = config;
    }

    public Broker start() throws IOException, InterruptedException {
        dataLock = DataDirectoryLock.acquire(config.dataDir());
        transport = Transport.create(Integer.getInteger("warren.ioThreads", Math.max(2, Runtime.getRuntime().availableProcessors())));
        virtualHosts = new VirtualHosts(transport.workerGroup(), config.defaultUser().vhost());
        var defaultUser = config.defaultUser();
        var authenticator = new Authenticator(Map.of(defaultUser.username(), defaultUser.password()), config.loopbackUsers());
        String clusterName = config.clusterName().orElse("warren@" + hostName());
        var context = new ConnectionContext(config.limits(), ServerProperties.table(clusterName), authenticator,
                virtualHosts, connections);
        try {
            for (Listener listener : config.tcpListeners()) {
                AmqpListener bound = bind(listener, context);
                listeners.add(bound);
                log.info("AMQP listener on {} ({} transport)", bound.localAddress(), transport.name());
            }
        } catch (Exception e) {
            close();
            throw e;
        }
        started = true;
        log.info("Warren {} started: data in {}", ServerProperties.PRODUCT_VERSION, config.dataDir().toAbsolutePath().normalize());
        return this;
    }

    private AmqpListener bind(Listener listener, ConnectionContext context) throws IOException, InterruptedException {
        try {
            return AmqpListener.bind(transport, listener, context);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty throws its bind IOException undeclared
            throw new IOException("cannot listen for AMQP on " + listener + ": " + e.getMessage()
                    + " (is another broker running? choose a port with --port or listeners.tcp.default)", e);
        }
    }

    /** The bound AMQP addresses, in the order of the configured listeners. */
    public List<InetSocketAddress> amqpAddresses() {
        return listeners.stream().map(AmqpListener::localAddress).toList();
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    public VirtualHosts virtualHosts() {
        return virtualHosts;
    }

    public BrokerConfig config() {
        return config;
    }

    /** Stops accepting, closes every connection with 320 CONNECTION_FORCED, then stops the event loops. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        listeners.forEach(AmqpListener::close);
        listeners.clear();
        List<ChannelFuture> closing = connections.snapshot().stream().map(c -> c.forceClose(SHUTDOWN_REASON)).toList();
        awaitClosed(closing, Duration.ofSeconds(5));
        releaseQueuedMessages();
        if (transport != null) {
            transport.shutdown();
            transport = null;
        }
        if (dataLock != null) {
            try {
                dataLock.close();
            } catch (IOException e) {
                log.warn("could not release the data directory lock: {}", e.toString());
            }
            dataLock = null;
        }
        if (started) log.info("Warren stopped");
    }

    /** Transient messages go with the process; their buffers are released before the event loops stop. */
    private void releaseQueuedMessages() {
        if (virtualHosts == null) return;
        try {
            CompletableFuture.allOf(virtualHosts.all().stream().map(VirtualHost::deleteAllQueues)
                    .toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("queues not emptied at shutdown: {}", e.toString());
        }
    }

    /** Waits, up to {@code limit} in all, for every socket to close (each client answers close-ok). */
    private static void awaitClosed(List<ChannelFuture> closing, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (ChannelFuture closed : closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !closed.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) return;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
