package io.warren.config;

/**
 * A resource limit given either in bytes or relative to the machine's total memory,
 * as used by {@code vm_memory_high_watermark.*} and {@code disk_free_limit.*}.
 */
public sealed interface Threshold permits Threshold.Absolute, Threshold.Relative {

    /** The limit in bytes for a machine with {@code totalMemoryBytes} of RAM. */
    long resolve(long totalMemoryBytes);

    /**
     * A fixed number of bytes.
     *
     * @param bytes the limit in bytes, never negative
     */
    record Absolute(long bytes) implements Threshold {
        public Absolute {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must not be negative: " + bytes);
            }
        }

        @Override
        public long resolve(long totalMemoryBytes) {
            return bytes;
        }
    }

    /**
     * A multiple of the machine's total memory (0.4 means 40% of RAM).
     *
     * @param fraction the multiple, never negative
     */
    record Relative(double fraction) implements Threshold {
        public Relative {
            if (!(fraction >= 0) || Double.isInfinite(fraction)) {
                throw new IllegalArgumentException("fraction must be a finite non-negative number: " + fraction);
            }
        }

        @Override
        public long resolve(long totalMemoryBytes) {
            return (long) (totalMemoryBytes * fraction);
        }
    }
}
