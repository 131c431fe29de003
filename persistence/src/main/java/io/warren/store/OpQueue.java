package io.warren.store;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The I/O thread's inbox: an unbounded, lock-free multi-producer single-consumer queue (Dmitry
 * Vyukov's intrusive MPSC queue). Ops are the links, so {@link #offer} allocates nothing and never
 * blocks or retries: one atomic swap, one volatile store.
 *
 * <p>Order: ops of one producer come out in the order offered; ops of different producers in the
 * order of their swaps, so an op offered after another {@code offer} returned (on any thread)
 * comes out after it. A producer preempted between its swap and its link makes {@link #poll}
 * return null briefly although later ops exist; the consumer then parks and is woken by that
 * producer (see {@link IoLoop}), so nothing is lost.
 *
 * <p>Threading: {@link #offer} from any thread; {@link #poll} and {@link #isEmpty} only from the consumer.
 */
final class OpQueue {
    private static final class Stub extends IoOp {
        @Override
        void run(IoLoop loop) {
        }
    }

    private final AtomicReference<IoOp> tail;
    private IoOp head;

    OpQueue() {
        IoOp stub = new Stub();
        head = stub;
        tail = new AtomicReference<>(stub);
    }

    void offer(IoOp op) {
        IoOp previous = tail.getAndSet(op);
        previous.next = op;
    }

    /** The oldest op, or null when none is linked yet. */
    IoOp poll() {
        IoOp current = head;
        IoOp next = current.next;
        if (next == null) return null;
        head = next; // the returned op stays as the queue's head (stub) until the next poll
        current.next = null; // lets the collector free ops one by one
        return next;
    }

    /** No op is linked after the head (an op being linked right now counts as absent). */
    boolean isEmpty() {
        return head.next == null;
    }
}
