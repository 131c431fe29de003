package io.warren.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How Warren's message store writes to disk.
 *
 * @param segmentSize               bytes after which the store starts a new segment file ({@code warren.store.segment_size})
 * @param fsyncInterval             how long written data may wait before it is forced to disk; zero forces every write
 *                                  ({@code warren.store.fsync_interval_ms})
 * @param queueIndexEmbedMsgsBelow  messages smaller than this many bytes are stored inline in the queue index rather
 *                                  than in the shared message store ({@code queue_index_embed_msgs_below})
 */
public record StoreOptions(long segmentSize, Duration fsyncInterval, int queueIndexEmbedMsgsBelow) {
    public StoreOptions {
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
    }
}
