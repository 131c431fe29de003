package io.warren.store;

import java.io.IOException;

/**
 * One unit of work for the storage I/O thread (an append, a mark, a release, a sync barrier...).
 * Ops are single-use: each is its own link in the {@link OpQueue}, so queuing allocates nothing.
 */
abstract class IoOp {
    /** The next op in the queue; written by producers (volatile), read by the I/O thread. */
    volatile IoOp next;

    /** Performs the op on the I/O thread. An IOException fails the current commit (see {@link IoLoop}). */
    abstract void run(IoLoop loop) throws IOException;

    /** The op will never run (the storage closed first); tell whoever waits on it. */
    void abandon(IOException cause) {
    }
}
