package io.warren.broker.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingSelectStrategyTest {
    /** Long enough that two calls in a row always count as busy, and a pause is plain to see. */
    private static final long PAUSE = TimeUnit.MILLISECONDS.toNanos(20);

    @Test
    void withTasksWaitingItPollsAtOnceAndNeverSleeps() throws Exception {
        long tenSeconds = TimeUnit.SECONDS.toNanos(10);   // a pause would make this test take 10 s
        SelectStrategy strategy = CoalescingSelectStrategy.factory(tenSeconds).newSelectStrategy();
        Polls polls = new Polls(0);
        long start = System.nanoTime();
        assertEquals(0, strategy.calculateStrategy(polls, true), "0: run the tasks, then come back");
        assertEquals(0, strategy.calculateStrategy(polls, true));
        assertTrue(System.nanoTime() - start < tenSeconds / 2, "no pause with tasks waiting");
        assertEquals(2, polls.count());
    }

    @Test
    void aBusyLoopPausesBeforeItPollsAgain() throws Exception {
        SelectStrategy strategy = CoalescingSelectStrategy.factory(PAUSE).newSelectStrategy();
        Polls polls = new Polls(3);
        strategy.calculateStrategy(polls, false);      // turns following each other closely: busy
        long start = System.nanoTime();
        assertEquals(3, strategy.calculateStrategy(polls, false), "what arrived during the pause");
        assertTrue(System.nanoTime() - start >= PAUSE, "paused before polling");
    }

    @Test
    void anIdleLoopSleepsInEpollWhenNothingIsReady() throws Exception {
        SelectStrategy strategy = CoalescingSelectStrategy.factory(TimeUnit.MICROSECONDS.toNanos(1)).newSelectStrategy();
        Thread.sleep(1);                                // the last turn is long past: not busy
        Polls polls = new Polls(0);
        assertEquals(SelectStrategy.SELECT, strategy.calculateStrategy(polls, false));
        assertEquals(1, polls.count());
    }

    @Test
    void aPauseOfZeroOrLessIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoalescingSelectStrategy.factory(0));
        assertThrows(IllegalArgumentException.class, () -> CoalescingSelectStrategy.factory(-1));
    }

    /** epoll_wait without blocking, always answering {@code ready}. */
    private static final class Polls implements IntSupplier {
        private final int ready;
        private final AtomicInteger calls = new AtomicInteger();

        Polls(int ready) {
            this.ready = ready;
        }

        @Override
        public int get() {
            calls.incrementAndGet();
            return ready;
        }

        int count() {
            return calls.get();
        }
    }
}
