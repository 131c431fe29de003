package io.warren.store;

/**
 * The message store's index entry for one message: where its record lives, how long it is, how
 * many queues still reference it, and, until the record reaches its file, the record itself.
 *
 * <p>Position: file number (high 32 bits) and byte offset (low 32 bits; a record starts below the
 * segment size, at most 2 GiB) packed into one volatile long, so a reader always sees a
 * consistent pair and a move by the compactor is one write.
 *
 * <p>Threading: {@code references} belongs to the I/O thread (the recovery thread before it
 * starts). {@code position} and {@code pendingRecord} are written by the I/O thread and read by
 * any thread, in an order that keeps readers right: the I/O thread sets {@code pendingRecord}
 * before it changes {@code position}, and clears it only after the bytes at the new position were
 * flushed; a reader reads {@code position} first, then {@code pendingRecord}, and uses the latter
 * when it is present.
 */
final class StoredMessage {
    static final long PENDING = -1;
    private static final int OFFSET_BITS = 32;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    /** Length of the whole record in bytes. */
    final int length;
    volatile long position;
    volatile byte[] pendingRecord;
    int references;

    /** A message being written: readable from {@code record} until it reaches its file. */
    StoredMessage(byte[] record) {
        this.length = record.length;
        this.position = PENDING;
        this.pendingRecord = record;
    }

    /** A message found by recovery. */
    StoredMessage(long position, int length) {
        this.length = length;
        this.position = position;
    }

    static long position(int file, long offset) {
        return ((long) file << OFFSET_BITS) | offset;
    }

    static int file(long position) {
        return (int) (position >>> OFFSET_BITS);
    }

    static long offset(long position) {
        return position & OFFSET_MASK;
    }
}
