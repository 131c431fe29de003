package io.warren.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mutable draft of a {@link BrokerConfig} that configuration sources are applied to in turn.
 * It starts from {@link BrokerConfig#defaults()}, so it holds no defaults of its own.
 */
final class ConfigBuilder {

    /** The name RabbitMQ gives the listener that {@code RABBITMQ_NODE_PORT} and {@code --port} change. */
    static final String DEFAULT_LISTENER = "default";

    NamedListeners tcpListeners;
    NamedListeners sslListeners;
    TlsBuilder tls;

    String defaultUser;
    String defaultPass;
    String defaultVhost;
    final Set<String> defaultUserTags = new LinkedHashSet<>();
    String configurePermission;
    String writePermission;
    String readPermission;
    final Set<String> loopbackUsers = new LinkedHashSet<>();

    int heartbeatSeconds;
    long frameMax;
    int channelMax;
    long maxMessageSize;
    Duration handshakeTimeout;
    int connectionMax;
    int channelMaxPerNode;
    Optional<Duration> consumerTimeout;
    int consumerMaxPerChannel;
    int unackedMaxPerConsumer;

    List<AuthMechanism> defaultAuthMechanisms;
    /** Mechanisms by the {@code N} of {@code auth_mechanisms.N}; any of them replaces the defaults, as in RabbitMQ. */
    final Map<String, AuthMechanism> authMechanisms = new LinkedHashMap<>();
    CertLoginFrom sslCertLoginFrom;
    Duration loginFailureDelay;

    Threshold memoryHighWatermark;
    double memoryPagingRatio;
    Threshold diskFreeLimit;

    Duration collectStatisticsInterval;
    Optional<String> clusterName;

    Listener managementTcp;
    String managementSslHost;
    Optional<Integer> managementSslPort;
    TlsBuilder managementTls;
    Optional<Path> managementLoadDefinitions;
    Listener prometheus;
    Optional<Path> loadDefinitions;

    LogLevel defaultLogLevel;
    boolean logToConsole;
    Optional<LogLevel> consoleLogLevel;
    Optional<Path> logFile;
    Optional<LogLevel> fileLogLevel;

    Path dataDir;
    long segmentSize;
    Duration fsyncInterval;
    int queueIndexEmbedMsgsBelow;

    private ConfigBuilder() {
    }

    /** A draft holding {@link BrokerConfig#defaults()}. */
    static ConfigBuilder fromDefaults() {
        BrokerConfig defaults = BrokerConfig.defaults();
        ConfigBuilder b = new ConfigBuilder();
        b.tcpListeners = new NamedListeners(defaults.tcpListeners());
        b.sslListeners = new NamedListeners(defaults.sslListeners());
        b.tls = TlsBuilder.from(defaults.tls());

        DefaultUser user = defaults.defaultUser();
        b.defaultUser = user.username();
        b.defaultPass = user.password();
        b.defaultVhost = user.vhost();
        b.defaultUserTags.addAll(user.tags());
        b.configurePermission = user.permissions().configure();
        b.writePermission = user.permissions().write();
        b.readPermission = user.permissions().read();
        b.loopbackUsers.addAll(defaults.loopbackUsers());

        Limits limits = defaults.limits();
        b.heartbeatSeconds = limits.heartbeatSeconds();
        b.frameMax = limits.frameMax();
        b.channelMax = limits.channelMax();
        b.maxMessageSize = limits.maxMessageSize();
        b.handshakeTimeout = limits.handshakeTimeout();
        b.connectionMax = limits.connectionMax();
        b.channelMaxPerNode = limits.channelMaxPerNode();
        b.consumerTimeout = limits.consumerTimeout();
        b.consumerMaxPerChannel = limits.consumerMaxPerChannel();
        b.unackedMaxPerConsumer = limits.unackedMaxPerConsumer();

        AuthOptions auth = defaults.auth();
        b.defaultAuthMechanisms = auth.mechanisms();
        b.sslCertLoginFrom = auth.sslCertLoginFrom();
        b.loginFailureDelay = auth.loginFailureDelay();

        ResourceLimits resources = defaults.resources();
        b.memoryHighWatermark = resources.memoryHighWatermark();
        b.memoryPagingRatio = resources.memoryPagingRatio();
        b.diskFreeLimit = resources.diskFreeLimit();

        b.collectStatisticsInterval = defaults.collectStatisticsInterval();
        b.clusterName = defaults.clusterName();

        ManagementOptions management = defaults.management();
        b.managementTcp = management.tcp();
        b.managementSslHost = management.ssl().map(Listener::host).orElse(Listener.ALL_INTERFACES);
        b.managementSslPort = management.ssl().map(Listener::port);
        b.managementTls = TlsBuilder.from(management.tls());
        b.managementLoadDefinitions = management.loadDefinitions();
        b.prometheus = defaults.prometheus();
        b.loadDefinitions = defaults.loadDefinitions();

        LoggingOptions logging = defaults.logging();
        b.defaultLogLevel = logging.defaultLevel();
        b.logToConsole = logging.console();
        b.consoleLogLevel = logging.consoleLevel();
        b.logFile = logging.file();
        b.fileLogLevel = logging.fileLevel();

        b.dataDir = defaults.dataDir();
        StoreOptions store = defaults.store();
        b.segmentSize = store.segmentSize();
        b.fsyncInterval = store.fsyncInterval();
        b.queueIndexEmbedMsgsBelow = store.queueIndexEmbedMsgsBelow();
        return b;
    }

    /** Sets the port of the {@code default} TCP listener, creating it on every interface if there is none. */
    void defaultTcpPort(int port) {
        tcpListeners.update(DEFAULT_LISTENER, Listener.allInterfaces(BrokerConfig.DEFAULT_AMQP_PORT),
                current -> new Listener(current.host(), port));
    }

    /** Sets the interface of the {@code default} TCP listener, creating it on the default port if there is none. */
    void defaultTcpHost(String host) {
        tcpListeners.update(DEFAULT_LISTENER, Listener.allInterfaces(BrokerConfig.DEFAULT_AMQP_PORT),
                current -> new Listener(host, current.port()));
    }

    /** Adds {@code name} to {@code names} when {@code member} is true, removes it otherwise. */
    static void include(Set<String> names, String name, boolean member) {
        if (member) {
            names.add(name);
        } else {
            names.remove(name);
        }
    }

    /**
     * The finished configuration.
     *
     * @throws ConfigException if settings that are each valid do not work together
     */
    BrokerConfig build() {
        if (!sslListeners.isEmpty() && !tls.build().hasCertificateAndKey()) {
            throw new ConfigException("configuration", "listeners.ssl." + sslListeners.names().get(0)
                    + " is set, so ssl_options.certfile and ssl_options.keyfile are required");
        }
        if (managementSslPort.isPresent() && !managementTls.build().hasCertificateAndKey()) {
            throw new ConfigException("configuration",
                    "management.ssl.port is set, so management.ssl.certfile and management.ssl.keyfile are required");
        }
        return new BrokerConfig(
                tcpListeners.toList(),
                sslListeners.toList(),
                tls.build(),
                new DefaultUser(defaultUser, defaultPass, defaultVhost, defaultUserTags,
                        new Permissions(configurePermission, writePermission, readPermission)),
                loopbackUsers,
                new Limits(heartbeatSeconds, frameMax, channelMax, maxMessageSize, handshakeTimeout,
                        connectionMax, channelMaxPerNode, consumerTimeout, consumerMaxPerChannel, unackedMaxPerConsumer),
                new ResourceLimits(memoryHighWatermark, memoryPagingRatio, diskFreeLimit),
                collectStatisticsInterval,
                clusterName,
                new ManagementOptions(managementTcp,
                        managementSslPort.map(port -> new Listener(managementSslHost, port)),
                        managementTls.build(),
                        managementLoadDefinitions),
                prometheus,
                loadDefinitions,
                new LoggingOptions(defaultLogLevel, logToConsole, consoleLogLevel, logFile, fileLogLevel),
                dataDir,
                new StoreOptions(segmentSize, fsyncInterval, queueIndexEmbedMsgsBelow),
                new AuthOptions(authMechanisms.isEmpty() ? defaultAuthMechanisms : new ArrayList<>(authMechanisms.values()),
                        sslCertLoginFrom, loginFailureDelay));
    }
}
