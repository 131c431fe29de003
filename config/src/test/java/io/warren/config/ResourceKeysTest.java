package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResourceKeysTest {

    @Test
    void relativeMemoryWatermarkAndPagingRatio() {
        ResourceLimits resources = Conf.parse(
                "vm_memory_high_watermark.relative = 0.6",
                "vm_memory_high_watermark_paging_ratio = 0.75").resources();
        assertEquals(new Threshold.Relative(0.6), resources.memoryHighWatermark());
        assertEquals(0.75, resources.memoryPagingRatio());
    }

    @Test
    void absoluteMemoryWatermarkWithUnits() {
        assertEquals(new Threshold.Absolute(2_000_000_000L),
                Conf.parse("vm_memory_high_watermark.absolute = 2GB").resources().memoryHighWatermark());
        assertEquals(new Threshold.Absolute(1_073_741_824L),
                Conf.parse("vm_memory_high_watermark.absolute = 1GiB").resources().memoryHighWatermark());
    }

    @Test
    void theWatermarkSetLastWins() {
        assertEquals(new Threshold.Relative(0.5), Conf.parse(
                "vm_memory_high_watermark.absolute = 2GB",
                "vm_memory_high_watermark.relative = 0.5").resources().memoryHighWatermark());
    }

    @Test
    void diskFreeLimitAbsoluteAndRelative() {
        assertEquals(new Threshold.Absolute(1_000_000_000L),
                Conf.parse("disk_free_limit.absolute = 1GB").resources().diskFreeLimit());
        assertEquals(new Threshold.Absolute(536_870_912L),
                Conf.parse("disk_free_limit.absolute = 536870912").resources().diskFreeLimit());
        assertEquals(new Threshold.Relative(1.5),
                Conf.parse("disk_free_limit.relative = 1.5").resources().diskFreeLimit());
    }
}
