package io.warren.config;

import java.util.Objects;

/**
 * Thresholds that raise resource alarms, which block publishers until the resource recovers.
 *
 * @param memoryHighWatermark memory use above which the memory alarm is raised
 *                            ({@code vm_memory_high_watermark.relative} or {@code .absolute}; whichever is set last wins)
 * @param memoryPagingRatio   fraction of the watermark at which queues start moving messages to disk
 *                            ({@code vm_memory_high_watermark_paging_ratio})
 * @param diskFreeLimit       free disk space below which the disk alarm is raised
 *                            ({@code disk_free_limit.absolute} or {@code .relative} to total RAM; whichever is set last wins)
 */
public record ResourceLimits(Threshold memoryHighWatermark, double memoryPagingRatio, Threshold diskFreeLimit) {
    public ResourceLimits {
        Objects.requireNonNull(memoryHighWatermark, "memoryHighWatermark");
        Objects.requireNonNull(diskFreeLimit, "diskFreeLimit");
    }
}
