package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigKeysRegistryTest {

    /** A valid, non-default sample line for every registered key, so that a new key cannot go untested. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("listeners.tcp", "listeners.tcp = none"),
            Map.entry("listeners.tcp.NAME", "listeners.tcp.local = 127.0.0.1:5673"),
            Map.entry("listeners.ssl", "listeners.tcp = none\nlisteners.ssl = none"),
            Map.entry("listeners.ssl.NAME", "listeners.ssl.default = 5671\nssl_options.certfile = c\nssl_options.keyfile = k"),
            Map.entry("management.tcp.port", "management.tcp.port = 15673"),
            Map.entry("management.tcp.ip", "management.tcp.ip = 127.0.0.1"),
            Map.entry("management.ssl.port",
                    "management.ssl.port = 15671\nmanagement.ssl.certfile = c\nmanagement.ssl.keyfile = k"),
            Map.entry("management.ssl.ip", "management.ssl.ip = ::1\nmanagement.ssl.port = 15671"
                    + "\nmanagement.ssl.certfile = c\nmanagement.ssl.keyfile = k"),
            Map.entry("prometheus.tcp.port", "prometheus.tcp.port = 9419"),
            Map.entry("prometheus.tcp.ip", "prometheus.tcp.ip = 127.0.0.1"),
            Map.entry("ssl_options.cacertfile", "ssl_options.cacertfile = ca.pem"),
            Map.entry("ssl_options.certfile", "ssl_options.certfile = cert.pem"),
            Map.entry("ssl_options.keyfile", "ssl_options.keyfile = key.pem"),
            Map.entry("ssl_options.password", "ssl_options.password = pw"),
            Map.entry("ssl_options.verify", "ssl_options.verify = verify_peer"),
            Map.entry("ssl_options.fail_if_no_peer_cert", "ssl_options.fail_if_no_peer_cert = true"),
            Map.entry("ssl_options.versions.N", "ssl_options.versions.1 = tlsv1.3"),
            Map.entry("ssl_options.depth", "ssl_options.depth = 2"),
            Map.entry("management.ssl.cacertfile", "management.ssl.cacertfile = ca.pem"),
            Map.entry("management.ssl.certfile", "management.ssl.certfile = cert.pem"),
            Map.entry("management.ssl.keyfile", "management.ssl.keyfile = key.pem"),
            Map.entry("management.ssl.password", "management.ssl.password = pw"),
            Map.entry("management.ssl.verify", "management.ssl.verify = verify_peer"),
            Map.entry("management.ssl.fail_if_no_peer_cert", "management.ssl.fail_if_no_peer_cert = true"),
            Map.entry("management.ssl.versions.N", "management.ssl.versions.1 = tlsv1.2"),
            Map.entry("management.ssl.depth", "management.ssl.depth = 2"),
            Map.entry("default_user", "default_user = admin"),
            Map.entry("default_pass", "default_pass = secret"),
            Map.entry("default_vhost", "default_vhost = prod"),
            Map.entry("default_user_tags.TAG", "default_user_tags.monitoring = true"),
            Map.entry("default_permissions.configure", "default_permissions.configure = ^$"),
            Map.entry("default_permissions.write", "default_permissions.write = ^$"),
            Map.entry("default_permissions.read", "default_permissions.read = ^$"),
            Map.entry("loopback_users", "loopback_users = none"),
            Map.entry("loopback_users.USERNAME", "loopback_users.admin = true"),
            Map.entry("heartbeat", "heartbeat = 30"),
            Map.entry("frame_max", "frame_max = 0"),
            Map.entry("channel_max", "channel_max = 0"),
            Map.entry("max_message_size", "max_message_size = 64MiB"),
            Map.entry("handshake_timeout", "handshake_timeout = 5000"),
            Map.entry("connection_max", "connection_max = 100"),
            Map.entry("channel_max_per_node", "channel_max_per_node = 100"),
            Map.entry("consumer_timeout", "consumer_timeout = false"),
            Map.entry("consumer_max_per_channel", "consumer_max_per_channel = 100"),
            Map.entry("warren.unacked_max_per_consumer", "warren.unacked_max_per_consumer = 1000"),
            Map.entry("auth_mechanisms.N", "auth_mechanisms.1 = EXTERNAL"),
            Map.entry("ssl_cert_login_from", "ssl_cert_login_from = distinguished_name"),
            Map.entry("warren.login_failure_delay", "warren.login_failure_delay = 0"),
            Map.entry("vm_memory_high_watermark.relative", "vm_memory_high_watermark.relative = 0.7"),
            Map.entry("vm_memory_high_watermark.absolute", "vm_memory_high_watermark.absolute = 4GB"),
            Map.entry("vm_memory_high_watermark_paging_ratio", "vm_memory_high_watermark_paging_ratio = 0.9"),
            Map.entry("disk_free_limit.absolute", "disk_free_limit.absolute = 1GB"),
            Map.entry("disk_free_limit.relative", "disk_free_limit.relative = 2.0"),
            Map.entry("log.default.level", "log.default.level = debug"),
            Map.entry("log.console", "log.console = false"),
            Map.entry("log.console.level", "log.console.level = error"),
            Map.entry("log.file", "log.file = warren.log"),
            Map.entry("log.file.level", "log.file.level = error"),
            Map.entry("cluster_name", "cluster_name = c"),
            Map.entry("collect_statistics_interval", "collect_statistics_interval = 1000"),
            Map.entry("load_definitions", "load_definitions = defs.json"),
            Map.entry("management.load_definitions", "management.load_definitions = defs.json"),
            Map.entry("queue_index_embed_msgs_below", "queue_index_embed_msgs_below = 0"),
            Map.entry("warren.data_dir", "warren.data_dir = /tmp/w"),
            Map.entry("warren.store.segment_size", "warren.store.segment_size = 1MiB"),
            Map.entry("warren.store.fsync_interval_ms", "warren.store.fsync_interval_ms = 100"));

    static Stream<String> keyNames() {
        return ConfigKeys.all().names().stream();
    }

    @Test
    void everyRegisteredKeyHasASampleAndEverySampleIsARegisteredKey() {
        assertEquals(new TreeSet<>(SAMPLES.keySet()), new TreeSet<>(ConfigKeys.all().names()));
    }

    @ParameterizedTest
    @MethodSource("keyNames")
    void everyKeyParsesItsSampleAndChangesTheConfiguration(String key) {
        BrokerConfig config = Conf.parse(SAMPLES.get(key));
        assertNotEquals(BrokerConfig.defaults(), config, SAMPLES.get(key));
    }

    @ParameterizedTest
    @MethodSource("keyNames")
    void everyKeyIsDocumentedInTheReadme(String key) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("`" + key + "`"), key + " is missing from config/README.md");
    }

    @Test
    void findResolvesPlaceholderKeysToTheirDefinition() {
        assertEquals(Optional.of("listeners.tcp.NAME"),
                ConfigKeys.all().find("listeners.tcp.amqp").map(Setting::name));
        assertEquals(Optional.of("listeners.tcp"), ConfigKeys.all().find("listeners.tcp").map(Setting::name));
        assertEquals(Optional.empty(), ConfigKeys.all().find("listeners.tcp.a.b"));
    }

    @Test
    void everyKeySaysWhatItAccepts() {
        for (Setting<?> setting : ConfigKeys.all().settings()) {
            assertTrue(!setting.expected().isBlank(), setting.name());
        }
    }
}
