package io.warren.broker;

import io.netty.channel.ChannelFuture;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.warren.broker.auth.Authenticator;
import io.warren.broker.auth.UserDatabase;
import io.warren.broker.auth.UserDatabaseChange;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.definitions.NodeRecovery;
import io.warren.broker.resources.ResourceMonitor;
import io.warren.broker.connection.ConnectionContext;
import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.connection.ServerProperties;
import io.warren.broker.net.AmqpListener;
import io.warren.broker.net.FairReads;
import io.warren.broker.net.TlsContexts;
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
import java.util.Optional;
import java.util.ServiceLoader;
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
    private NodeRecovery durableState;
    private ResourceMonitor resources;
    private final List<AmqpListener> listeners = new ArrayList<>();
    private UserDatabase users;
    private Transport transport;
    /** How accepted sockets read ({@link FairReads}), made once per start. */
    private RecvByteBufAllocator reads;
    private DataDirectoryLock dataLock;
    private boolean started;
    private boolean closed;
    private final List<NodeService> services = new ArrayList<>();
    private boolean servicesStarted;

    public Broker(BrokerConfig config) {
        this.config = config;
    }

    /** How often memory and disk are sampled for the alarms and paging: 100 ms, or {@code -Dwarren.resourceCheckMillis} (1 ms to 1 minute). */
    static Duration resourceCheckInterval() {
        return Duration.ofMillis(TuningProperty.read("warren.resourceCheckMillis", 100, 1, 60_000, "the resource check interval in milliseconds"));
    }

    public Broker start() throws IOException, InterruptedException {
        // the -D tuning switches first: a bad one stops the start before anything is opened
        int ioThreads = Transport.configuredWorkerThreads();
        int coalesceMicros = Transport.configuredCoalesceMicros();
        Duration resourceCheck = resourceCheckInterval();
        reads = FairReads.allocator();
        dataLock = DataDirectoryLock.acquire(config.dataDir());
        transport = Transport.create(ioThreads, coalesceMicros);
        try {
            durableState = NodeRecovery.recover(config, transport.workerGroup());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        virtualHosts = durableState.vhosts();
        users = durableState.users();
        resources = new ResourceMonitor(config.resources(), config.dataDir(), connections, virtualHosts);
        resources.start(transport.workerGroup().next(), resourceCheck);
        users.addChangeListener(this::closeConnectionsOfDeletedUser);
        var authenticator = new Authenticator(users, config.loopbackUsers());
        String nodeName = "warren@" + hostName();
        String clusterName = config.clusterName().orElse(nodeName);
        var context = new ConnectionContext(config.limits(), ServerProperties.table(clusterName), authenticator,
                users, config.auth(), virtualHosts, connections, nodeName);
        try {
            for (Listener listener : config.tcpListeners()) {
                AmqpListener bound = bind(listener, context, null);
                listeners.add(bound);
                log.info("AMQP listener on {} ({} transport)", bound.localAddress(), transport.name());
            }
            SslContext tls = config.sslListeners().isEmpty() ? null : TlsContexts.server(config.tls());
            for (Listener listener : config.sslListeners()) {
                AmqpListener bound = bind(listener, context, tls);
                listeners.add(bound);
                log.info("AMQPS listener on {} ({} transport, TLS)", bound.localAddress(), transport.name());
            }
        } catch (Exception e) {
            close();
            throw e;
        }
        started = true;
        log.info("Warren {} started: data in {}", ServerProperties.PRODUCT_VERSION, config.dataDir().toAbsolutePath().normalize());
        if (!servicesStarted) startServices();
        return this;
    }

    /** Starts every {@link NodeService} on the classpath (the management API, Prometheus), once. */
    private void startServices() throws IOException {
        servicesStarted = true;
        try {
            for (NodeService service : ServiceLoader.load(NodeService.class)) {
                service.start(this);
                services.add(service);
            }
        } catch (Exception e) {
            close();
            throw new IOException("cannot start " + e.getMessage(), e);
        }
    }

    /** The running {@link NodeService} of this type, if one was found on the classpath. */
    public <T extends NodeService> Optional<T> service(Class<T> type) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The node's name in RabbitMQ's texts and the management API, e.g. {@code warren@host}. */
    public String nodeName() {
        return "warren@" + hostName();
    }

    /** Whether the broker is running (started, and neither closed nor stopped with {@link #stopApp}). */
    public synchronized boolean running() {
        return started && !closed;
    }

    /**
     * {@code rabbitmqctl stop_app}: stops the broker as {@link #close} does (every client told 320
     * CONNECTION_FORCED, queues released, storage closed) while the node services (the management
     * API) keep running, so that {@link #startApp} can bring it back.
     */
    public synchronized void stopApp() {
        stopBroker();
    }

    /** {@code rabbitmqctl start_app}: starts a stopped broker again; its durable state comes back from disk. */
    public synchronized void startApp() throws IOException, InterruptedException {
        if (!closed) return;
        closed = false;
        start();
    }

    private AmqpListener bind(Listener listener, ConnectionContext context, SslContext tls)
            throws IOException, InterruptedException {
        try {
            return AmqpListener.bind(transport, reads, listener, context, tls);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty throws its bind IOException undeclared
            throw new IOException("cannot listen for " + (tls == null ? "AMQP" : "AMQPS") + " on " + listener + ": " + e.getMessage()
                    + " (is another broker running? choose a port with --port or listeners.tcp.default)", e);
        }
    }

    /** The bound AMQP addresses, in the order of the configured listeners. */
    public List<InetSocketAddress> amqpAddresses() {
        return listeners.stream().filter(l -> !l.tls()).map(AmqpListener::localAddress).toList();
    }

    /** The bound AMQPS (TLS) addresses, in the order of the configured listeners. */
    public List<InetSocketAddress> amqpsAddresses() {
        return listeners.stream().filter(AmqpListener::tls).map(AmqpListener::localAddress).toList();
    }

    /** The node's users and permissions: changes apply to open connections at their next operation. */
    public UserDatabase users() {
        return users;
    }

    /** RabbitMQ closes a deleted user's connections with 320 "user 'u' is deleted". */
    private void closeConnectionsOfDeletedUser(UserDatabaseChange change) {
        if (change.kind() != UserDatabaseChange.Kind.USER_DELETED) return;
        for (AmqpConnection connection : connections.snapshot()) {
            if (change.user().equals(connection.username())) connection.forceClose("user '" + change.user() + "' is deleted");
        }
    }

    /** The memory and disk alarms; null before start. */
    public ResourceMonitor resources() {
        return resources;
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
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException e) {
                log.warn("could not stop {}: {}", services.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        services.clear();
        stopBroker();
    }

    private void stopBroker() {
        if (closed) return;
        closed = true;
        listeners.forEach(AmqpListener::close);
        if (resources != null) resources.close();
        listeners.clear();
        List<ChannelFuture> closing = connections.snapshot().stream().map(c -> c.forceClose(SHUTDOWN_REASON)).toList();
        awaitClosed(closing, Duration.ofSeconds(5));
        if (durableState != null) durableState.file().close(); // the definitions as they were, before the queues go
        releaseQueuedMessages();
        if (durableState != null) {
            durableState.persistence().close();
            durableState = null;
        }
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

    /** Queues let go of their messages before the event loops stop; durable queues keep their journals. */
    private void releaseQueuedMessages() {
        if (virtualHosts == null) return;
        try {
            CompletableFuture.allOf(virtualHosts.all().stream().map(VirtualHost::closeAllQueues)
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
