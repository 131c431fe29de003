package io.warren.broker.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void smallMachinesGetOneEventLoopLargerOnesOnePerCore() {
        assertEquals(1, Transport.defaultWorkerThreads(1));
        assertEquals(1, Transport.defaultWorkerThreads(2));
        assertEquals(3, Transport.defaultWorkerThreads(3));
        assertEquals(8, Transport.defaultWorkerThreads(8));
    }

    @Test
    void theSystemPropertyOverridesTheDefault() {
        String previous = System.setProperty("warren.ioThreads", "3");
        try {
            assertEquals(3, Transport.configuredWorkerThreads());
        } finally {
            if (previous == null) System.clearProperty("warren.ioThreads"); else System.setProperty("warren.ioThreads", previous);
        }
    }

    @Test
    void aValueOutOfRangeOrNotANumberIsRefusedWithItsName() {
        String previous = System.getProperty("warren.ioThreads");
        try {
            for (String bad : new String[] {"0", "-2", "two", "", "1025", "4294967297"}) {
                System.setProperty("warren.ioThreads", bad);
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, Transport::configuredWorkerThreads);
                assertEquals("-Dwarren.ioThreads=" + bad + ": the number of event loops must be a whole number from 1 to 1024",
                        refused.getMessage());
            }
        } finally {
            if (previous == null) System.clearProperty("warren.ioThreads"); else System.setProperty("warren.ioThreads", previous);
        }
    }

    @Test
    void theGroupHasTheRequestedNumberOfLoops() {
        Transport transport = Transport.create(1, 0);
        try {
            int loops = 0;
            for (var ignored : transport.workerGroup()) loops++;
            assertEquals(1, loops);
        } finally {
            transport.shutdown();
        }
    }

    @Test
    void busyLoopsPauseBetweenTurnsUnlessTurnedOff() {
        String previous = System.getProperty("warren.io.coalesceMicros");
        try {
            System.clearProperty("warren.io.coalesceMicros");
            assertEquals(100, Transport.configuredCoalesceMicros(), "on by default");
            System.setProperty("warren.io.coalesceMicros", "0");
            assertEquals(0, Transport.configuredCoalesceMicros(), "0 turns it off");
            System.setProperty("warren.io.coalesceMicros", "50");
            assertEquals(50, Transport.configuredCoalesceMicros());
            for (String bad : new String[] {"-1", "1001", "fifty"}) {
                System.setProperty("warren.io.coalesceMicros", bad);
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, Transport::configuredCoalesceMicros);
                assertEquals("-Dwarren.io.coalesceMicros=" + bad
                        + ": the microseconds a busy event loop pauses between turns must be a whole number from 0 to 1000", refused.getMessage());
            }
        } finally {
            if (previous == null) System.clearProperty("warren.io.coalesceMicros"); else System.setProperty("warren.io.coalesceMicros", previous);
        }
    }

    @Test
    void aPausingLoopRunsTasksSubmittedFromOtherThreads() throws Exception {
        Transport transport = Transport.create(1, 50);
        try {
            for (int i = 0; i < 100; i++) {
                int expected = i;
                assertEquals(expected, transport.workerGroup().submit(() -> expected).get(5, TimeUnit.SECONDS));
            }
        } finally {
            transport.shutdown();
        }
    }
}
