package io.warren.broker.queue;

/**
 * When a queue asks its publishers to wait, and when it lets them go on: RabbitMQ's "flow" state,
 * where connections that publish faster than their queues keep up are slowed down. Two reasons
 * hold publishers:
 * <ol>
 *   <li><b>Saturated consumers.</b> The queue has consumers, none of them can take more (their
 *       sockets or inboxes are backed up), and more than {@link #SATURATED_HIGH_WATER} messages are
 *       ready. Publishers go on once delivery has brought that down to {@link #SATURATED_LOW_WATER}.</li>
 *   <li><b>Pacing.</b> More than {@link #PACING_HIGH_WATER} messages are ready and the consumers
 *       are working through them fast: at the rate they took messages for the first time in the
 *       last {@link #RATE_WINDOW_MILLIS} they would have them all within {@link #MAX_DRAIN_MILLIS}.
 *       Redeliveries do not count: consumers that requeue everything they get (a retry loop) take
 *       deliveries fast but never shorten the backlog, and must not hold publishers. (Counting
 *       settlements instead made benchmark scenario 5 tip into a growing backlog in 6 runs of 11,
 *       against 1 of 12 with this count; see the README's "Publisher pacing".)
 *       Publishers go on at {@link #PACING_LOW_WATER}, or after {@link #MAX_PAUSE_MILLIS} at the
 *       latest (a consumer that stopped acknowledging must not hold them longer).</li>
 * </ol>
 * Why pacing: a publisher that outruns fast consumers only builds a backlog, and on a busy node the
 * backlog feeds on itself: its messages cost memory and collector time, which slows delivery, which
 * grows the backlog. On two cores, 50 publishers and 50 consumers (benchmark scenario 5) went from
 * 55,000 deliveries a second to 12,000 within 15 s, with 660,000 messages waiting and several seconds
 * of full collections; paced, they hold about 70,000 a second throughout. A queue whose consumers are
 * slow (a backlog of more than {@link #MAX_DRAIN_MILLIS} of their work) or absent never holds its
 * publishers: there the backlog is the queue doing its job, and publishers go on at full speed as in
 * RabbitMQ.
 *
 * <p><b>Concurrency.</b> Confined to the queue's thread, except {@link #hold()}, which publishers'
 * threads read. Counting a delivery is one increment; the rate is worked out at most once per
 * window, from the clock reading the enqueue already made. A clock that steps back starts a new
 * window (its count would otherwise never be judged, and only grow).
 */
final class PublisherThrottle {
    static final int SATURATED_HIGH_WATER = 16384;
    static final int SATURATED_LOW_WATER = 4096;
    static final int PACING_HIGH_WATER = 2048;
    static final int PACING_LOW_WATER = 1024;
    static final long MAX_DRAIN_MILLIS = 5000;
    static final long MAX_PAUSE_MILLIS = 1000;
    static final long RATE_WINDOW_MILLIS = 500;
    /** The shortest stretch of the current window its rate is judged from. */
    static final long MIN_PARTIAL_WINDOW_MILLIS = 50;

    /** Why publishers are held now. */
    enum Hold { NONE, SATURATED, PACING }

    /** Written on the queue's thread only, at the start and end of a hold. */
    private volatile Hold hold = Hold.NONE;
    /** Counts holds, so that the end of one pause's time does not end a later one. */
    private int holdsBegun;
    private long windowStart;
    private long takenInWindow;
    /** First deliveries per second in the last complete window. */
    private long takeRate;

    /** A consumer took a message that had not been delivered before. */
    void deliveredFirstTime() {
        takenInWindow++;
    }

    /** Why publishers are held now. Any thread. */
    Hold hold() {
        return hold;
    }

    /**
     * After an enqueue at time {@code now} (milliseconds): whether publishers should start waiting
     * now, and why ({@link Hold#NONE}: not now, or they already wait).
     */
    Hold onEnqueue(int ready, QueueConsumers consumers, long now) {
        rollWindow(now);
        if (hold != Hold.NONE || ready <= PACING_HIGH_WATER || consumers.isEmpty()) return Hold.NONE;
        if (ready <= takeRate(now) * MAX_DRAIN_MILLIS / 1000) hold = Hold.PACING;
        else if (ready > SATURATED_HIGH_WATER && consumers.saturated()) hold = Hold.SATURATED;
        if (hold != Hold.NONE) holdsBegun++;
        return hold;
    }

    /** After deliveries, or when consumers or messages went away: whether publishers may go on now. */
    boolean onDrained(int ready, boolean noConsumers, boolean deleted) {
        if (hold == Hold.NONE) return false;
        int lowWater = hold == Hold.PACING ? PACING_LOW_WATER : SATURATED_LOW_WATER;
        if (ready > lowWater && !noConsumers && !deleted) return false;
        hold = Hold.NONE;
        return true;
    }

    /** The number of the hold begun last: pass it to {@link #onPauseOver} when its time is up. */
    int currentHold() {
        return holdsBegun;
    }

    /** {@link #MAX_PAUSE_MILLIS} after pacing hold number {@code number} began: whether to end it now (it is still on). */
    boolean onPauseOver(int number) {
        if (hold != Hold.PACING || number != holdsBegun) return false;
        hold = Hold.NONE;
        return true;
    }

    /**
     * First deliveries per second: the last complete window's, or the current window's so far when that is
     * higher (a queue's first window, or consumers speeding up, must not look slow).
     */
    private long takeRate(long now) {
        long elapsed = Math.max(MIN_PARTIAL_WINDOW_MILLIS, now - windowStart);
        return Math.max(takeRate, takenInWindow * 1000L / elapsed);
    }

    private void rollWindow(long now) {
        long elapsed = now - windowStart;
        if (elapsed < 0) { // the wall clock stepped back: what was counted cannot be timed
            takeRate = 0;
            takenInWindow = 0;
            windowStart = now;
            return;
        }
        if (elapsed < RATE_WINDOW_MILLIS) return;
        takeRate = takenInWindow * 1000L / elapsed;
        takenInWindow = 0;
        windowStart = now;
    }
}
