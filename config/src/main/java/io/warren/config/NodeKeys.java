package io.warren.config;

import static io.warren.config.Setting.named;
import static io.warren.config.ValueParsers.millis;
import static io.warren.config.ValueParsers.nonEmptyText;
import static io.warren.config.ValueParsers.path;

import java.util.List;
import java.util.Optional;

/** Keys for the node as a whole: its name, statistics, definitions to import, and where and how it stores data. */
final class NodeKeys {

    private static final long ONE_GIB = 1L << 30;

    private NodeKeys() {
    }

    static List<Setting<?>> settings() {
        return List.of(
                named("cluster_name", nonEmptyText(), (b, name) -> b.clusterName = Optional.of(name)),
                named("collect_statistics_interval", millis(1, Integer.MAX_VALUE),
                        (b, interval) -> b.collectStatisticsInterval = interval),
                named("load_definitions", path(), (b, file) -> b.loadDefinitions = Optional.of(file)),
                named("management.load_definitions", path(),
                        (b, file) -> b.managementLoadDefinitions = Optional.of(file)),
                named("queue_index_embed_msgs_below", SizeParser.intSize(0, 536_870_912),
                        (b, bytes) -> b.queueIndexEmbedMsgsBelow = bytes),
                named("warren.data_dir", path(), (b, dir) -> b.dataDir = dir),
                named("warren.store.segment_size", SizeParser.size(4096, ONE_GIB), (b, bytes) -> b.segmentSize = bytes),
                named("warren.store.fsync_interval_ms", millis(0, 60_000), (b, interval) -> b.fsyncInterval = interval));
    }
}
