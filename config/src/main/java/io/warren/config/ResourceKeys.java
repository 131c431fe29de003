package io.warren.config;

import static io.warren.config.Setting.named;
import static io.warren.config.ValueParsers.decimal;

import java.util.List;

/** Keys for the memory and disk thresholds that raise resource alarms. */
final class ResourceKeys {

    private ResourceKeys() {
    }

    static List<Setting<?>> settings() {
        return List.of(
                named("vm_memory_high_watermark.relative", decimal(0.0, 1.0),
                        (b, fraction) -> b.memoryHighWatermark = new Threshold.Relative(fraction)),
                named("vm_memory_high_watermark.absolute", SizeParser.size(1, Long.MAX_VALUE),
                        (b, bytes) -> b.memoryHighWatermark = new Threshold.Absolute(bytes)),
                named("vm_memory_high_watermark_paging_ratio", decimal(0.0, 100.0), // above 1 disables paging, as in RabbitMQ
                        (b, ratio) -> b.memoryPagingRatio = ratio),
                named("disk_free_limit.absolute", SizeParser.size(0, Long.MAX_VALUE),
                        (b, bytes) -> b.diskFreeLimit = new Threshold.Absolute(bytes)),
                named("disk_free_limit.relative", decimal(0.0, 100.0),
                        (b, multiple) -> b.diskFreeLimit = new Threshold.Relative(multiple)));
    }
}
