package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerConfigDefaultsTest {

    private final BrokerConfig defaults = BrokerConfig.defaults();

    @Test
    void listenersDefaultToAmqpOnEveryInterfaceAndNoAmqps() {
        assertEquals(List.of(Listener.allInterfaces(5672)), defaults.tcpListeners());
        assertTrue(defaults.tcpListeners().get(0).isAllInterfaces());
        assertEquals(List.of(), defaults.sslListeners());
    }

    @Test
    void tlsDefaultsToNothingConfiguredAndNoPeerVerification() {
        assertNoTls(defaults.tls());
    }

    @Test
    void defaultUserIsGuestAdministratorWithFullAccessToRootVhost() {
        DefaultUser user = defaults.defaultUser();
        assertEquals("guest", user.username());
        assertEquals("guest", user.password());
        assertEquals("/", user.vhost());
        assertEquals(Set.of("administrator"), user.tags());
        assertEquals(new Permissions(".*", ".*", ".*"), user.permissions());
        assertEquals(Set.of("guest"), defaults.loopbackUsers());
    }

    @Test
    void limitsDefaultToRabbitMqValues() {
        Limits limits = defaults.limits();
        assertEquals(60, limits.heartbeatSeconds());
        assertEquals(131_072, limits.frameMax());
        assertEquals(2047, limits.channelMax());
        assertEquals(134_217_728, limits.maxMessageSize());
        assertEquals(Duration.ofSeconds(10), limits.handshakeTimeout());
        assertEquals(Limits.UNLIMITED, limits.connectionMax());
        assertEquals(Limits.UNLIMITED, limits.channelMaxPerNode());
        assertEquals(Optional.of(Duration.ofMinutes(30)), limits.consumerTimeout());
    }

    @Test
    void resourceAlarmsDefaultToFortyPercentOfMemoryAndFiftyMegabytesOfDisk() {
        ResourceLimits resources = defaults.resources();
        assertEquals(new Threshold.Relative(0.4), resources.memoryHighWatermark());
        assertEquals(0.5, resources.memoryPagingRatio());
        assertEquals(new Threshold.Absolute(50_000_000), resources.diskFreeLimit());
    }

    @Test
    void nodeSettingsDefaults() {
        assertEquals(Duration.ofSeconds(5), defaults.collectStatisticsInterval());
        assertEquals(Optional.empty(), defaults.clusterName());
        assertEquals(Optional.empty(), defaults.loadDefinitions());
        assertEquals(Path.of("./data"), defaults.dataDir());
    }

    @Test
    void managementAndPrometheusListenOnEveryInterfaceOnTheirRabbitMqPorts() {
        ManagementOptions management = defaults.management();
        assertEquals(Listener.allInterfaces(15672), management.tcp());
        assertEquals(Optional.empty(), management.ssl());
        assertNoTls(management.tls());
        assertEquals(Optional.empty(), management.loadDefinitions());
        assertEquals(Listener.allInterfaces(15692), defaults.prometheus());
    }

    @Test
    void loggingDefaultsToConsoleAtInfoAndNoFile() {
        LoggingOptions logging = defaults.logging();
        assertEquals(LogLevel.INFO, logging.defaultLevel());
        assertTrue(logging.console());
        assertEquals(Optional.empty(), logging.consoleLevel());
        assertEquals(LogLevel.INFO, logging.effectiveConsoleLevel());
        assertEquals(Optional.empty(), logging.file());
        assertEquals(Optional.empty(), logging.fileLevel());
        assertEquals(LogLevel.INFO, logging.effectiveFileLevel());
    }

    @Test
    void storeDefaults() {
        StoreOptions store = defaults.store();
        assertEquals(16_777_216, store.segmentSize());
        assertEquals(Duration.ZERO, store.fsyncInterval());
        assertEquals(4096, store.queueIndexEmbedMsgsBelow());
    }

    @Test
    void loadingWithNoFileEnvironmentOrFlagsGivesTheDefaults() {
        assertEquals(defaults, ConfigLoader.load(new String[0], Map.of()));
    }

    @Test
    void aFileOfOnlyCommentsAndBlankLinesGivesTheDefaults() {
        assertEquals(defaults, ConfigLoader.parse("# nothing here\n\n   \n  # indented comment\n", "warren.conf"));
    }

    private static void assertNoTls(TlsOptions tls) {
        assertEquals(Optional.empty(), tls.caCertFile());
        assertEquals(Optional.empty(), tls.certFile());
        assertEquals(Optional.empty(), tls.keyFile());
        assertEquals(Optional.empty(), tls.keyPassword());
        assertEquals(PeerVerification.VERIFY_NONE, tls.verify());
        assertFalse(tls.failIfNoPeerCert());
        assertEquals(List.of(), tls.versions());
        assertEquals(OptionalInt.empty(), tls.depth());
        assertFalse(tls.hasCertificateAndKey());
    }
}
