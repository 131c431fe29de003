package io.warren.broker.resources;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Paging switches on at the threshold and off only clearly below it, so a backlog hovering there does not flap. */
class PagingHysteresisTest {
    private static final long THRESHOLD = 1_000_000;

    @Test
    void pagingStartsAtTheThreshold() {
        assertFalse(ResourceMonitor.pagingWanted(false, THRESHOLD - 1, THRESHOLD));
        assertTrue(ResourceMonitor.pagingWanted(false, THRESHOLD, THRESHOLD));
    }

    @Test
    void pagingGoesOnJustBelowTheThresholdAndStopsOnlyClearlyBelowIt() {
        assertTrue(ResourceMonitor.pagingWanted(true, THRESHOLD - 1, THRESHOLD), "just below: still paging");
        long offLine = (long) (THRESHOLD * ResourceMonitor.PAGING_OFF_FRACTION);
        assertTrue(ResourceMonitor.pagingWanted(true, offLine + 1, THRESHOLD));
        assertFalse(ResourceMonitor.pagingWanted(true, offLine, THRESHOLD), "at the off line: paging stops");
    }
}
