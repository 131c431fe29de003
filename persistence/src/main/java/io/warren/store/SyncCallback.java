package io.warren.store;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The answer to {@link Storage#sync}: exactly one of the two methods is called, once, on the
 * storage I/O thread. Implementations must be quick and must not block (hand the work to another
 * thread, e.g. the broker's event loop): every other storage operation waits behind them.
 */
public interface SyncCallback {
    /** Everything submitted before the sync request is on disk (fsynced); acks excepted, see {@link QueueIndex}. */
    void durable();

    /**
     * Some work submitted since the previous successful commit could not be written or synced: it
     * may be lost. Data that was durable before stays readable.
     */
    void failed(IOException cause);

    /** A callback made of two lambdas. */
    static SyncCallback of(Runnable onDurable, Consumer<? super IOException> onFailure) {
        Objects.requireNonNull(onDurable, "onDurable");
        Objects.requireNonNull(onFailure, "onFailure");
        return new SyncCallback() {
            @Override
            public void durable() {
                onDurable.run();
            }

            @Override
            public void failed(IOException cause) {
                onFailure.accept(cause);
            }
        };
    }
}
