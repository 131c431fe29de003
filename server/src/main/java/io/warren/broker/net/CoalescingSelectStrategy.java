package io.warren.broker.net;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * An event loop that, while busy, pauses briefly before it looks at its sockets again, so that more
 * arrives per turn ({@code -Dwarren.io.coalesceMicros}, 100 µs by default, 0 turns it off).
 *
 * <p><b>Why.</b> Under a steady stream of small messages a loop finishes each turn before the next
 * publish arrives and sleeps in {@code epoll_wait} (NIO: {@code select}); every publish then pays
 * for waking it, in the publisher's own {@code write} (11 % of PerfTest's producer thread in
 * scenario 1, {@code sock_def_readable}), and each turn reads, routes and flushes a handful of
 * messages with three system calls. On a small machine shared with the clients, every such wake-up
 * also preempts a client thread. A busy loop sleeps for one pause instead, outside
 * {@code epoll_wait}, so arrivals do not wake it, then polls without blocking; if nothing came
 * during the pause, it sleeps in {@code epoll_wait} as usual. On Linux a pause lasts about 50 µs
 * longer than asked, the thread's default timer slack.
 *
 * <p><b>Busy</b> means the last {@value #BUSY_TURNS} turns each began less than one pause after the
 * one before (after its pause, when it took one): a stream of many thousand turns a second. A steady
 * stream at 2,000 msg/s, whose turns come two or three at a time 500 µs apart, never is. Measured on
 * 2 cores with 100 µs (README, "Scenario 1 on this machine"): scenario 1 +10 % at half the broker's
 * CPU, scenario 3 +8 %; at 2,000 msg/s the median latency the same and the p99 within its noise.
 *
 * <p><b>Concurrency.</b> One instance per event loop, used by that loop's thread only. A task
 * submitted from another thread during a pause does not wake the loop (it is not waiting in
 * {@code epoll_wait} or {@code select}); it runs when the pause ends, at most one pause (and the
 * timer slack) later: the poll after the pause returns at once, and Netty checks for tasks again
 * before it blocks. Timers are as late at most.
 */
final class CoalescingSelectStrategy implements SelectStrategy {
    /** Turns in a row, each beginning less than a pause after the one before, that make a loop busy. */
    static final int BUSY_TURNS = 8;

    private final long pauseNanos;
    private final LongSupplier clock;
    private final LongConsumer pause;
    /** When the last turn began, or its pause ended if it took one. */
    private long lastTurn;
    private int quickTurnsInARow;

    CoalescingSelectStrategy(long pauseNanos, LongSupplier clock, LongConsumer pause) {
        this.pauseNanos = pauseNanos;
        this.clock = clock;
        this.pause = pause;
        this.lastTurn = clock.getAsLong() - pauseNanos;   // the first turn is never a quick one
    }

    /** A factory for event loops that pause for {@code pauseNanos} between busy turns. */
    static SelectStrategyFactory factory(long pauseNanos) {
        if (pauseNanos <= 0) throw new IllegalArgumentException("pauseNanos must be positive: " + pauseNanos);
        return () -> new CoalescingSelectStrategy(pauseNanos, System::nanoTime, LockSupport::parkNanos);
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        long now = clock.getAsLong();
        quickTurnsInARow = now - lastTurn < pauseNanos ? Math.min(quickTurnsInARow + 1, BUSY_TURNS) : 0;
        lastTurn = now;
        if (hasTasks) return selectNow.get();
        if (quickTurnsInARow < BUSY_TURNS) return SelectStrategy.SELECT;   // as Netty's default strategy
        pause.accept(pauseNanos);
        lastTurn = clock.getAsLong();
        int ready = selectNow.get();
        return ready != 0 ? ready : SelectStrategy.SELECT;
    }
}
