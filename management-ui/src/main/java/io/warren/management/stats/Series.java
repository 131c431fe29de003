package io.warren.management.stats;

/**
 * The last two samples of one object's counters and gauges, and the per-second rate of change
 * of each between them (RabbitMQ's {@code *_details.rate}). Written by the sampler thread only;
 * read from any thread (the arrays are replaced, never changed, once published).
 */
final class Series {
    private volatile long[] current;
    private volatile long currentAt;
    private volatile double[] rates;
    /** When a value last changed (epoch milliseconds), for a queue's {@code idle_since}. */
    private volatile long lastChangeAt;
    long seenInTick;

    Series(long[] first, long at) {
        current = first;
        currentAt = at;
        rates = new double[first.length];
        lastChangeAt = at;
    }

    void update(long[] values, long at) {
        long[] previous = current;
        double seconds = (at - currentAt) / 1000.0;
        double[] newRates = new double[values.length];
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            long delta = values[i] - (i < previous.length ? previous[i] : 0);
            if (delta != 0) changed = true;
            newRates[i] = seconds > 0 ? Math.round(delta / seconds * 10.0) / 10.0 : 0.0;
        }
        if (changed) lastChangeAt = at;
        current = values;
        currentAt = at;
        rates = newRates;
    }

    double rate(int index) {
        double[] r = rates;
        return index < r.length ? r[index] : 0.0;
    }

    long lastChangeAt() {
        return lastChangeAt;
    }
}
