package io.warren.broker;

/**
 * Warren's {@code -D} tuning switches that take a whole number ({@code -Dwarren.ioThreads},
 * {@code -Dwarren.io.maxReadBytes}, {@code -Dwarren.io.maxReadsPerLoop}, {@code -Dwarren.io.coalesceMicros},
 * {@code -Dwarren.resourceCheckMillis}): unset, the default applies; anything but a whole number in
 * range (each has a floor and a ceiling, well inside an int) stops the start with a message that
 * names the switch, its value and the range, rather than falling back silently to the default or
 * wrapping round.
 */
public final class TuningProperty {
    private TuningProperty() {}

    /**
     * The value of {@code -Dname}, or {@code defaultValue} when it is not set.
     *
     * @param meaning what the number is, for the refusal: "the number of event loops"
     * @throws IllegalArgumentException when it is set but not a whole number from {@code min} to {@code max}
     */
    public static int read(String name, int defaultValue, int min, int max, String meaning) {
        String value = System.getProperty(name);
        if (value == null) return defaultValue;
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) return (int) number;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("-D" + name + "=" + value + ": " + meaning + " must be a whole number from " + min + " to " + max);
    }
}
