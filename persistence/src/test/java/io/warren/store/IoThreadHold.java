package io.warren.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An op that holds the storage's I/O thread until released: what is queued behind it waits, what
 * came before it is done (for tests that look at the store at that instant).
 */
final class IoThreadHold extends IoOp {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Queues a hold on {@code storage}'s I/O thread. */
    static IoThreadHold on(Storage storage) {
        IoThreadHold hold = new IoThreadHold();
        storage.ioLoop().submit(hold);
        return hold;
    }

    @Override
    void run(IoLoop loop) throws IOException {
        held.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        }
    }

    /** Waits until the I/O thread has reached the hold. */
    void awaitHeld() throws InterruptedException {
        assertTrue(held.await(30, TimeUnit.SECONDS), "the I/O thread reached the hold");
    }

    void release() {
        released.countDown();
    }
}
