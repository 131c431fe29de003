package io.warren.broker.queue;

/**
 * Whether queues should keep message bodies out of the heap: switched on by the node's memory
 * monitor past {@code vm_memory_high_watermark_paging_ratio} of the watermark, off again below it.
 * While on, a queue keeps the bodies of only its first {@link #KEEP_IN_MEMORY} ready messages (and
 * {@link #KEEP_IN_MEMORY_BYTES} bytes) in memory; the others wait as small position records and are read back from disk when delivered.
 *
 * <p>A queue also pages on its own once its ready bytes pass a budget (a quarter of the paging
 * threshold): the monitor samples memory only every so often. Bodies the message store already
 * holds (persistent messages in durable queues) are always paged past the in-memory window: that
 * costs no write.
 *
 * <p>One switch per process: memory is one per process too.
 */
public final class Paging {
    /** Ready messages per queue whose bodies stay in memory while paging, at most... */
    public static final int KEEP_IN_MEMORY = 1024;
    /** ...and at most this many bytes of them. */
    public static final long KEEP_IN_MEMORY_BYTES = 4L << 20;

    private static volatile boolean active;
    private static volatile long queueBudget = Long.MAX_VALUE;

    private Paging() {}

    public static boolean active() {
        return active;
    }

    public static void active(boolean on) {
        active = on;
    }

    /**
     * Whether a queue holding {@code readyBytes} of ready bodies should page its newest ones: when
     * paging is on, or when the queue alone holds more than its share of the paging threshold (so a
     * fast publisher cannot fill memory between two samples of the monitor).
     */
    static boolean shouldPage(int readyCount, long readyBytes) {
        return shouldPage(readyCount, readyBytes, false);
    }

    /**
     * As {@link #shouldPage(int, long)}, for a message whose body the message store already holds
     * ({@code stored}: persistent, in a durable queue): such a body is paged out past the queue's
     * in-memory window whatever the memory use, since paging it costs no write (the body is only
     * dropped, and read back from the store, usually the page cache, when its turn comes). So a long
     * durable backlog holds a small position record per message in memory, not its body.
     */
    static boolean shouldPage(int readyCount, long readyBytes, boolean stored) {
        if (readyCount <= KEEP_IN_MEMORY && readyBytes <= KEEP_IN_MEMORY_BYTES) return false;
        return stored || active || readyBytes > queueBudget;
    }

    /** The ready bytes one queue may hold in memory before it pages on its own; set by the memory monitor. */
    public static void queueBudget(long bytes) {
        queueBudget = bytes;
    }
}
