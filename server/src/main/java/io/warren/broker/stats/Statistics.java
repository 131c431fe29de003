package io.warren.broker.stats;

/**
 * Whether the node counts messages for the management API and Prometheus. On by default; start the
 * JVM with {@code -Dwarren.statistics=false} to switch every counter off (used to measure what
 * counting costs). The flag is a constant, so with statistics off the JIT removes the counting calls.
 */
public final class Statistics {
    /** True unless the system property {@code warren.statistics} is {@code false}. */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("warren.statistics"));

    private Statistics() {}
}
