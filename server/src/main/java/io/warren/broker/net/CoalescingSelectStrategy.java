package io.warren.broker.net;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * An event loop that, while busy, pauses briefly before it looks at its sockets again, so that more
 * arrives per turn ({@code -Dwarren.io.coalesceMicros}, off by default).
 *
 * <p><b>Why.</b> Under a steady stream of small messages a loop finishes each turn before the next
 * publish arrives and sleeps in {@code epoll_wait} (NIO: {@code select}); every publish then pays
 * for waking it, and each turn reads, routes and flushes a handful of messages with three system
 * calls. A loop whose turns follow each other closely (less than four pauses apart) sleeps for one
 * pause instead, outside {@code epoll_wait}, so arrivals do not wake it, then polls without
 * blocking. Measured on 2 cores with 50 µs (README, "Scenario 1 on this machine"): the broker's CPU
 * per message in a 1-publisher, 1-consumer stream about 40 % lower, scenarios 3-5 5-8 % faster, but
 * the steady p99 at 2,000 msg/s doubled (0.7 to 1.5 ms). Hence off by default.
 *
 * <p><b>Concurrency.</b> One instance per event loop, used by that loop's thread only. A task
 * submitted from another thread during a pause does not wake the loop (it is not waiting in
 * {@code epoll_wait} or {@code select}); it runs when the pause ends, at most one pause later.
 * Timers are as late at most.
 */
final class CoalescingSelectStrategy implements SelectStrategy {
    private final long pauseNanos;
    private final long busyGapNanos;
    private long lastCall = System.nanoTime();

    private CoalescingSelectStrategy(long pauseNanos) {
        this.pauseNanos = pauseNanos;
        this.busyGapNanos = pauseNanos * 4;
    }

    /** A factory for event loops that pause for {@code pauseNanos} between busy turns. */
    static SelectStrategyFactory factory(long pauseNanos) {
        if (pauseNanos <= 0) throw new IllegalArgumentException("pauseNanos must be positive: " + pauseNanos);
        return () -> new CoalescingSelectStrategy(pauseNanos);
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        long now = System.nanoTime();
        boolean busy = now - lastCall < busyGapNanos;
        lastCall = now;
        if (hasTasks) return selectNow.get();
        if (busy) {
            LockSupport.parkNanos(pauseNanos);
            lastCall = System.nanoTime();
        }
        int ready = selectNow.get();
        return ready != 0 ? ready : SelectStrategy.SELECT;
    }
}
