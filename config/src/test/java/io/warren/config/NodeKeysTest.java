package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeKeysTest {

    @Test
    void nodeIdentityStatisticsAndDefinitions() {
        BrokerConfig config = Conf.parse(
                "cluster_name = eu-west-orders",
                "collect_statistics_interval = 10000",
                "load_definitions = /etc/warren/definitions.json",
                "management.load_definitions = /etc/warren/mgmt-definitions.json");
        assertEquals(Optional.of("eu-west-orders"), config.clusterName());
        assertEquals(Duration.ofSeconds(10), config.collectStatisticsInterval());
        assertEquals(Optional.of(Path.of("/etc/warren/definitions.json")), config.loadDefinitions());
        assertEquals(Optional.of(Path.of("/etc/warren/mgmt-definitions.json")), config.management().loadDefinitions());
    }

    @Test
    void warrenStorageKeys() {
        BrokerConfig config = Conf.parse(
                "warren.data_dir = /var/lib/warren",
                "warren.store.segment_size = 64MiB",
                "warren.store.fsync_interval_ms = 0",
                "queue_index_embed_msgs_below = 1KiB");
        assertEquals(Path.of("/var/lib/warren"), config.dataDir());
        assertEquals(new StoreOptions(64L * 1024 * 1024, Duration.ZERO, 1024), config.store());
    }
}
