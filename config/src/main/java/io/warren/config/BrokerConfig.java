package io.warren.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Every setting of a Warren node, immutable. Built by {@link ConfigLoader} from the defaults in
 * {@link #defaults()}, then the configuration file, then environment variables, then command-line flags.
 * The configuration keys are RabbitMQ's ({@code rabbitmq.conf}); Warren's own keys start with {@code warren.}.
 *
 * @param tcpListeners              where AMQP clients connect; empty disables plain AMQP
 *                                  ({@code listeners.tcp.NAME}, {@code listeners.tcp = none})
 * @param sslListeners              where AMQPS (AMQP over TLS) clients connect ({@code listeners.ssl.NAME})
 * @param tls                       certificates and TLS settings for {@code sslListeners} ({@code ssl_options.*})
 * @param defaultUser               the user and virtual host created on first start ({@code default_*})
 * @param loopbackUsers             users that may only connect from localhost ({@code loopback_users.NAME})
 * @param limits                    protocol and connection limits ({@code heartbeat}, {@code frame_max}, ...)
 * @param resources                 memory and disk alarm thresholds ({@code vm_memory_high_watermark.*}, {@code disk_free_limit.*})
 * @param collectStatisticsInterval how often queue, channel and connection statistics are collected
 *                                  ({@code collect_statistics_interval})
 * @param clusterName               the name reported to clients and the management UI; empty means the node's name
 *                                  ({@code cluster_name})
 * @param management                the HTTP management API ({@code management.*})
 * @param prometheus                where Prometheus metrics are served ({@code prometheus.tcp.*})
 * @param loadDefinitions           definitions file (JSON export of users, vhosts, queues, ...) imported at start
 *                                  ({@code load_definitions})
 * @param logging                   log outputs and levels ({@code log.*})
 * @param dataDir                   directory for all persistent state ({@code warren.data_dir})
 * @param store                     message store tuning ({@code warren.store.*}, {@code queue_index_embed_msgs_below})
 * @param auth                      how clients log in ({@code auth_mechanisms.N}, {@code ssl_cert_login_from}, ...)
 */
public record BrokerConfig(
        List<Listener> tcpListeners,
        List<Listener> sslListeners,
        TlsOptions tls,
        DefaultUser defaultUser,
        Set<String> loopbackUsers,
        Limits limits,
        ResourceLimits resources,
        Duration collectStatisticsInterval,
        Optional<String> clusterName,
        ManagementOptions management,
        Listener prometheus,
        Optional<Path> loadDefinitions,
        LoggingOptions logging,
        Path dataDir,
        StoreOptions store,
        AuthOptions auth) {

    /** Port of the default AMQP listener. */
    public static final int DEFAULT_AMQP_PORT = 5672;
    /** Port of the management HTTP listener. */
    public static final int DEFAULT_MANAGEMENT_PORT = 15672;
    /** Port of the Prometheus metrics listener. */
    public static final int DEFAULT_PROMETHEUS_PORT = 15692;

    public BrokerConfig {
        tcpListeners = List.copyOf(tcpListeners);
        sslListeners = List.copyOf(sslListeners);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(defaultUser, "defaultUser");
        loopbackUsers = Collections.unmodifiableSet(new LinkedHashSet<>(loopbackUsers));
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(collectStatisticsInterval, "collectStatisticsInterval");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(management, "management");
        Objects.requireNonNull(prometheus, "prometheus");
        Objects.requireNonNull(loadDefinitions, "loadDefinitions");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(auth, "auth");
    }

    /** The configuration of a node started without any configuration file, environment variable or flag. */
    public static BrokerConfig defaults() {
        return new BrokerConfig(
                List.of(Listener.allInterfaces(DEFAULT_AMQP_PORT)),
                List.of(),
                noTls(),
                new DefaultUser("guest", "guest", "/", Set.of("administrator"), new Permissions(".*", ".*", ".*")),
                Set.of("guest"),
                new Limits(
                        60,
                        131_072,
                        2047,
                        134_217_728,
                        Duration.ofMillis(10_000),
                        Limits.UNLIMITED,
                        Limits.UNLIMITED,
                        Optional.of(Duration.ofMillis(1_800_000)),
                        65_535,
                        100_000),
                new ResourceLimits(new Threshold.Relative(0.4), 0.5, new Threshold.Absolute(50_000_000)),
                Duration.ofMillis(5_000),
                Optional.empty(),
                new ManagementOptions(
                        Listener.allInterfaces(DEFAULT_MANAGEMENT_PORT), Optional.empty(), noTls(), Optional.empty()),
                Listener.allInterfaces(DEFAULT_PROMETHEUS_PORT),
                Optional.empty(),
                new LoggingOptions(LogLevel.INFO, true, Optional.empty(), Optional.empty(), Optional.empty()),
                Path.of("./data"),
                new StoreOptions(16 * 1024 * 1024, Duration.ZERO, 4096),
                new AuthOptions(List.of(AuthMechanism.PLAIN, AuthMechanism.AMQPLAIN), CertLoginFrom.COMMON_NAME,
                        Duration.ofMillis(1_000)));
    }

    private static TlsOptions noTls() {
        return new TlsOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                PeerVerification.VERIFY_NONE, false, List.of(), OptionalInt.empty());
    }
}
