package io.warren.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whole-number {@code -D} switch: its default when unset, its value, and a refusal naming it for anything else. */
class TuningPropertyTest {
    private static final String NAME = "warren.test.tuning";

    @AfterEach
    void clear() {
        System.clearProperty(NAME);
    }

    @Test
    void unsetGivesTheDefaultAndAWholeNumberInRangeIsTaken() {
        assertEquals(100, TuningProperty.read(NAME, 100, 1, 1000, "the interval"));
        System.setProperty(NAME, " 250 ");
        assertEquals(250, TuningProperty.read(NAME, 100, 1, 1000, "the interval"));
        System.setProperty(NAME, "1");
        assertEquals(1, TuningProperty.read(NAME, 100, 1, 1000, "the interval"), "the minimum itself");
        System.setProperty(NAME, "1000");
        assertEquals(1000, TuningProperty.read(NAME, 100, 1, 1000, "the interval"), "the maximum itself");
    }

    @Test
    void anythingElseIsRefusedWithTheSwitchItsValueAndTheRule() {
        for (String bad : new String[] {"0", "-5", "fast", "", "1.5", "1001", "4294967297", "99999999999999999999"}) {
            System.setProperty(NAME, bad);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> TuningProperty.read(NAME, 100, 1, 1000, "the interval"));
            assertEquals("-Dwarren.test.tuning=" + bad + ": the interval must be a whole number from 1 to 1000", refused.getMessage());
        }
    }
}
