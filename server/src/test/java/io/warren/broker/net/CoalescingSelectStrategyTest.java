package io.warren.broker.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoalescingSelectStrategyTest {
    private static final long PAUSE = TimeUnit.MICROSECONDS.toNanos(100);
    private static final int BUSY = CoalescingSelectStrategy.BUSY_TURNS;

    private final FakeClock clock = new FakeClock();
    private final List<Long> pauses = new ArrayList<>();
    private final CoalescingSelectStrategy strategy = new CoalescingSelectStrategy(PAUSE, clock, this::pause);

    private void pause(long nanos) {
        pauses.add(nanos);
        clock.advanceNanos(nanos);
    }

    @Test
    void aLoopWhoseTurnsFollowCloselyPausesOnceTheyHaveForEightTurnsInARow() throws Exception {
        Polls nothingReady = new Polls(0);
        strategy.calculateStrategy(nothingReady, false);   // the first turn after a quiet spell
        for (int turn = 1; turn < BUSY; turn++) {
            clock.advanceMicros(30);
            assertEquals(SelectStrategy.SELECT, strategy.calculateStrategy(nothingReady, false), "turn " + turn + ": sleep in epoll");
        }
        assertEquals(List.of(), pauses, "not busy yet after " + (BUSY - 1) + " close turns");
        clock.advanceMicros(30);
        strategy.calculateStrategy(nothingReady, false);
        assertEquals(List.of(PAUSE), pauses, "the " + BUSY + "th close turn pauses");
        clock.advanceMicros(30);
        strategy.calculateStrategy(nothingReady, false);
        assertEquals(List.of(PAUSE, PAUSE), pauses, "and every turn beginning soon after the last pause ended");
        assertEquals(2, nothingReady.count(), "quiet turns go straight to epoll_wait; a pause ends with a poll");
    }

    @Test
    void aSteadyStreamAtTwoThousandMessagesASecondNeverPauses() throws Exception {
        Polls nothingReady = new Polls(0);
        for (int message = 0; message < 100; message++) {
            clock.advanceMicros(500 - 3 * 40);       // the next publish, 500 µs after the last one
            for (int turn = 0; turn < 3; turn++) {   // its publish, delivery and ack: three close turns
                strategy.calculateStrategy(nothingReady, false);
                clock.advanceMicros(40);
            }
        }
        assertEquals(List.of(), pauses);
        assertEquals(0, nothingReady.count(), "every turn sleeps in epoll_wait, as with Netty's default strategy");
    }

    @Test
    void aGapOfAPauseEndsTheBusySpell() throws Exception {
        Polls nothingReady = new Polls(0);
        strategy.calculateStrategy(nothingReady, false);
        for (int turn = 0; turn < BUSY; turn++) {
            clock.advanceMicros(30);
            strategy.calculateStrategy(nothingReady, false);
        }
        assertEquals(1, pauses.size());
        clock.advanceMicros(100);
        strategy.calculateStrategy(nothingReady, false);
        assertEquals(1, pauses.size(), "a quiet spell: back to sleeping in epoll");
        for (int turn = 1; turn < BUSY; turn++) {
            clock.advanceMicros(30);
            strategy.calculateStrategy(nothingReady, false);
        }
        assertEquals(1, pauses.size(), "busy again only after " + BUSY + " close turns");
    }

    @Test
    void whatArrivedDuringThePauseIsHandedToTheLoop() throws Exception {
        for (int turn = 0; turn < BUSY; turn++) {
            clock.advanceMicros(30);
            strategy.calculateStrategy(new Polls(0), false);
        }
        clock.advanceMicros(30);
        Polls threeReady = new Polls(3);
        assertEquals(3, strategy.calculateStrategy(threeReady, false));
        assertEquals(1, pauses.size());
        assertEquals(1, threeReady.count(), "polled once, after the pause, without blocking");
    }

    @Test
    void withTasksWaitingItPollsAtOnceAndNeverPauses() throws Exception {
        Polls polls = new Polls(0);
        for (int turn = 0; turn < 3 * BUSY; turn++) {
            clock.advanceMicros(10);
            assertEquals(0, strategy.calculateStrategy(polls, true), "0: run the tasks, then come back");
        }
        assertEquals(List.of(), pauses);
        assertEquals(3 * BUSY, polls.count());
    }

    @Test
    void theFactorysLoopsReallySleepForThePause() throws Exception {
        long twentyMillis = TimeUnit.MILLISECONDS.toNanos(20);
        SelectStrategy real = CoalescingSelectStrategy.factory(twentyMillis).newSelectStrategy();
        Polls polls = new Polls(2);
        long longest = 0;
        for (int turn = 0; turn < 100 && longest < twentyMillis; turn++) {   // back-to-back turns: busy after eight
            long start = System.nanoTime();
            real.calculateStrategy(polls, false);
            longest = Math.max(longest, System.nanoTime() - start);
        }
        assertTrue(longest >= twentyMillis, "a busy turn slept for the pause: " + longest + " ns");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void aLoopThatPausesStillRunsTasksSubmittedFromOtherThreads(String transport) throws Exception {
        assumeTrue(transport.equals("nio") || Epoll.isAvailable(), "epoll on Linux only");
        AtomicLong fakeNow = new AtomicLong();
        AtomicInteger realPauses = new AtomicInteger();
        SelectStrategyFactory alwaysBusy = () -> new CoalescingSelectStrategy(TimeUnit.MICROSECONDS.toNanos(200),
                fakeNow::incrementAndGet, nanos -> {                   // every turn 1 ns after the last: always busy
                    realPauses.incrementAndGet();
                    LockSupport.parkNanos(nanos);
                });
        ThreadFactory threads = new DefaultThreadFactory("pausing-loop-test");
        EventLoopGroup loop = transport.equals("nio")
                ? new NioEventLoopGroup(1, threads, SelectorProvider.provider(), alwaysBusy)
                : new EpollEventLoopGroup(1, threads, alwaysBusy);
        try {
            for (int i = 0; i < 200; i++) {
                int expected = i;
                assertEquals(expected, loop.submit(() -> expected).get(5, TimeUnit.SECONDS), "task " + i + " ran");
            }
            assertTrue(realPauses.get() > 0, "the loop paused between the tasks");
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aPauseOfZeroOrLessIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoalescingSelectStrategy.factory(0));
        assertThrows(IllegalArgumentException.class, () -> CoalescingSelectStrategy.factory(-1));
    }

    private static final class FakeClock implements java.util.function.LongSupplier {
        private long now = 1_000_000_000L;

        void advanceMicros(long micros) {
            advanceNanos(TimeUnit.MICROSECONDS.toNanos(micros));
        }

        void advanceNanos(long nanos) {
            now += nanos;
        }

        @Override
        public long getAsLong() {
            return now;
        }
    }

    /** epoll_wait without blocking, always answering {@code ready}. */
    private static final class Polls implements IntSupplier {
        private final int ready;
        private int calls;

        Polls(int ready) {
            this.ready = ready;
        }

        @Override
        public int get() {
            calls++;
            return ready;
        }

        int count() {
            return calls;
        }
    }
}
