package io.warren.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage I/O thread ("warren-storage-io"): the only thread that writes, truncates or deletes
 * storage files once recovery is over.
 *
 * <h2>Design</h2>
 * Producers (Netty event loops, the compactor) {@link #submit} ops to a lock-free MPSC
 * {@link OpQueue} and return at once. The thread runs ops in queue order; an op appends into
 * per-file pooled direct buffers ({@link AppendFile}). When the queue runs dry the thread
 * <em>flushes</em>: one positional write per file touched, after which readers find the records in
 * the files and the stores drop their in-memory copies.
 *
 * <p><b>Group commit.</b> A sync op (or a pending file deletion) <em>requests</em> a commit. When
 * the queue is drained the thread commits at once if no work came in after the request (the
 * submitters are waiting for this very commit: waiting longer would only delay them); otherwise it
 * waits in gaps of 0.1 ms for more, as long as more keeps coming, up to {@code groupCommitWindow}
 * after the request. Work that never lets the queue drain is committed once that window (at
 * least 2 ms) has passed. A commit flushes, forces every file written since the last commit once
 * ({@code force(false)}) plus every directory that gained a file, then runs the deferred actions
 * (deletions that must wait until moved records are durable) and finally the sync callbacks.
 * Lazily durable files (the queue indexes' delivered and acked marks: a lost ack only means a
 * redelivery) are forced only at a commit a second or more after their last force, at one that
 * runs deferred deletions, once sealed, and at close. So
 * thousands of appends from any number of threads share one fsync, and a callback runs only when
 * everything submitted before its sync is on disk.
 *
 * <p><b>Failures.</b> A failed write or force rolls that file back to its durable size (see
 * {@link AppendFile}) and marks the current commit failed: all its sync callbacks get the
 * exception, the deferred actions wait for a commit that succeeds. The first failure of an
 * episode is logged at ERROR with the file and operation, the rest at DEBUG until a commit
 * succeeds again. An unexpected exception in an op is logged and the thread carries on.
 *
 * <p><b>Shutdown.</b> {@link #close} lets the thread drain the queue, commit everything written
 * (synced or not), close the files, and exit; ops that still arrive are abandoned (sync callbacks
 * fail).
 *
 * <p><b>Crash.</b> Nothing here is needed for recovery: what was forced is on disk, what was not
 * may be partly there, and the stores' recovery scans cope with torn tails.
 */
final class IoLoop implements AutoCloseable {
    /** A store that wants to hear about the loop's batches. Called on the I/O thread. */
    interface BatchListener {
        /** Every appended byte of the batch reached the OS: in-memory copies may go. */
        void afterFlush();

        /** The queue was drained (and a due commit done): time for housekeeping such as compaction. */
        void afterBatch();

        /** The loop is stopping: close files (everything is flushed and forced already). */
        void onClose();
    }

    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);
    /** With a zero window a commit waits for the queue to drain, but under a stream that never drains no longer than this. */
    private static final long MAX_DRAIN_NANOS = 2_000_000;
    /** Lazily durable files are forced at a commit at least this long after their last force. */
    private static final long LAZY_FORCE_NANOS = 1_000_000_000L;
    /** Inside the window, a commit waits for more work only while some arrived within the last gap. */
    private static final long IDLE_GAP_NANOS = 100_000;
    /** Under a stream of ops that never drains, the files are flushed (and in-memory records dropped) every so many bytes. */
    static final long FLUSH_BYTES = 4L << 20;

    private final OpQueue queue = new OpQueue();
    private final Thread thread;
    private final long windowNanos;
    private final BufferPool buffers;
    private final ChannelOpener opener;
    private final List<BatchListener> listeners = new ArrayList<>();
    private volatile boolean parked;
    /** Bytes of records submitted and not yet appended: what the stores hold in memory for this thread. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Bytes appended since the last flush (I/O thread). */
    private long appendedSinceFlush;
    private volatile boolean closing;
    private volatile long commits;
    private volatile long forces;

    // Confined to the I/O thread from here on.
    private final List<AppendFile> unflushed = new ArrayList<>();
    private final List<AppendFile> dirty = new ArrayList<>();
    private final Set<Path> changedDirectories = new LinkedHashSet<>();
    private List<SyncCallback> syncs = new ArrayList<>();
    private List<Runnable> afterCommit = new ArrayList<>();
    private boolean commitRequested;
    private long commitDeadline;
    private long commitOverdue;
    private long opsSinceIdle;
    private long lastLazyForce = System.nanoTime();
    private IOException failure;
    private int failedCommitsInARow;

    IoLoop(Duration groupCommitWindow, int writeBufferSize, ChannelOpener opener) {
        this.windowNanos = groupCommitWindow.toNanos();
        this.buffers = new BufferPool(writeBufferSize);
        this.opener = opener;
        this.thread = new Thread(this::run, "warren-storage-io");
        thread.setDaemon(true);
    }

    /** Registers a listener; only before {@link #start}. */
    void addListener(BatchListener listener) {
        if (thread.isAlive()) throw new IllegalStateException("listeners are added before the loop starts");
        listeners.add(listener);
    }

    void start() {
        thread.start();
    }

    /** Queues an op; never blocks. */
    void submit(IoOp op) {
        if (closing) throw new IllegalStateException("storage is closed");
        queue.offer(op);
        if (parked) LockSupport.unpark(thread);
    }

    /** Queues a sync barrier: the callback runs once everything submitted before it is durable (or failed). */
    void sync(SyncCallback callback) {
        submit(new SyncOp(callback));
    }

    boolean inIoThread() {
        return Thread.currentThread() == thread;
    }

    /** Commits done (for tests and metrics). */
    long commits() {
        return commits;
    }

    /** Files and directories forced to disk (for tests and metrics). */
    long forces() {
        return forces;
    }

    // ---- services for files and stores, I/O thread only ----

    BufferPool buffers() {
        return buffers;
    }

    ChannelOpener opener() {
        return opener;
    }

    /** A producer queued a record of {@code bytes} for appending. Any thread. */
    void queued(int bytes) {
        queuedBytes.addAndGet(bytes);
    }

    /** The I/O thread appended a record of {@code bytes}: it is no longer queued. */
    void appended(int bytes, boolean wasQueued) {
        if (wasQueued) queuedBytes.addAndGet(-bytes);
        appendedSinceFlush += bytes;
    }

    /** Bytes of records submitted and not yet appended (their memory is on the heap until then). */
    long queuedBytes() {
        return queuedBytes.get();
    }

    void unflushed(AppendFile file) {
        unflushed.add(file);
    }

    void dirty(AppendFile file) {
        dirty.add(file);
    }

    /** A durable file was created in {@code directory}: force the directory at the next commit. */
    void directoryChanged(Path directory) {
        changedDirectories.add(directory);
    }

    /** Runs {@code action} after the next commit that succeeds (and asks for one). */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
        requestCommit();
    }

    /** Fails the current commit; logs the first failure of an episode. */
    void recordFailure(IOException cause, String context) {
        if (failure == null) failure = cause;
        if (failedCommitsInARow == 0 && failure == cause) {
            LOG.error("storage: {} failed: {}. Sync callbacks of this commit fail; data synced before stays readable. "
                    + "Further failures are logged at DEBUG until a commit succeeds.", context, cause.toString());
        } else {
            LOG.debug("storage: {} failed", context, cause);
        }
        requestCommit();
    }

    // ---- the loop ----

    private void run() {
        notifyListeners(BatchListener::afterBatch);
        while (true) {
            IoOp op = queue.poll();
            if (op != null) {
                opsSinceIdle++;
                execute(op);
                if (commitRequested && System.nanoTime() - commitOverdue >= 0) commit();
                else if (appendedSinceFlush >= FLUSH_BYTES) flushAll(); // a stream that never drains: in-memory copies go anyway
                continue;
            }
            flushAll();
            if (commitRequested) {
                long wait = commitDeadline - System.nanoTime();
                if (wait > 0 && opsSinceIdle > 0 && !closing) { // others are still submitting: give them a moment
                    opsSinceIdle = 0;
                    park(Math.min(wait, IDLE_GAP_NANOS));
                    continue;
                }
                commit();
            }
            notifyListeners(BatchListener::afterBatch);
            if (closing && queue.isEmpty()) break;
            park(0);
        }
        commit();
        notifyListeners(BatchListener::onClose);
    }

    private void notifyListeners(java.util.function.Consumer<BatchListener> call) {
        for (BatchListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException | Error e) {
                LOG.error("storage: unexpected failure in {}", listener, e);
            }
        }
    }

    private void execute(IoOp op) {
        try {
            op.run(this);
        } catch (IOException e) {
            recordFailure(e, op.toString());
        } catch (RuntimeException | Error e) {
            LOG.error("storage: unexpected failure running {}", op, e);
        }
    }

    private void park(long nanos) {
        parked = true;
        if (queue.isEmpty() && !closing) {
            if (nanos > 0) {
                LockSupport.parkNanos(this, nanos);
            } else {
                LockSupport.park(this);
            }
        }
        parked = false;
    }

    private void requestCommit() {
        if (!commitRequested) {
            long now = System.nanoTime();
            commitRequested = true;
            opsSinceIdle = 0;
            commitDeadline = now + windowNanos;
            commitOverdue = now + Math.max(windowNanos, MAX_DRAIN_NANOS);
        }
    }

    private void flushAll() {
        appendedSinceFlush = 0;
        for (AppendFile file : unflushed) {
            try {
                file.flush();
            } catch (IOException e) {
                // rolled back and recorded by the file
            }
        }
        unflushed.clear();
        notifyListeners(BatchListener::afterFlush);
    }

    private void commit() {
        commitRequested = false;
        flushAll();
        boolean forceLazy = !afterCommit.isEmpty() || closing || System.nanoTime() - lastLazyForce >= LAZY_FORCE_NANOS;
        if (forceLazy) lastLazyForce = System.nanoTime();
        List<AppendFile> stillDirty = new ArrayList<>();
        for (AppendFile file : dirty) {
            if (file.durability() == AppendFile.Durability.LAZY && !forceLazy && !file.sealed()) {
                stillDirty.add(file);
                continue;
            }
            try {
                if (file.force()) forces++;
            } catch (IOException e) {
                // rolled back and recorded by the file
            }
        }
        dirty.clear();
        dirty.addAll(stillDirty);
        for (Path directory : changedDirectories) {
            try {
                AtomicFile.syncDirectory(directory);
                forces++;
            } catch (java.nio.file.NoSuchFileException gone) {
                // deleted since it gained a file (its queue was deleted): nothing in it needs to be durable
            } catch (IOException e) {
                recordFailure(e, "fsync of directory " + directory);
            }
        }
        changedDirectories.clear();
        commits++;
        IOException failed = failure;
        commitRequested = false; // a failure above asked for a commit: this is it
        List<SyncCallback> done = syncs;
        syncs = new ArrayList<>();
        // A failure found by a flush before any sync was asked for must still fail the next sync:
        // the work that sync covers was lost. It is kept until a commit has callbacks to tell.
        failure = failed != null && done.isEmpty() ? failed : null;
        if (failed == null) {
            if (failedCommitsInARow > 0) LOG.info("storage: commits succeed again after {} failed", failedCommitsInARow);
            failedCommitsInARow = 0;
            runAfterCommitActions();
            for (SyncCallback callback : done) notify(callback, null);
        } else {
            failedCommitsInARow++;
            for (SyncCallback callback : done) notify(callback, failed);
            if (!afterCommit.isEmpty()) requestCommit(); // retried once the failed files are rolled back
        }
    }

    private void runAfterCommitActions() {
        if (afterCommit.isEmpty()) return;
        List<Runnable> actions = afterCommit;
        afterCommit = new ArrayList<>();
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("storage: post-commit action failed", e);
            }
        }
    }

    private static void notify(SyncCallback callback, IOException failure) {
        try {
            if (failure == null) {
                callback.durable();
            } else {
                callback.failed(failure);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("storage: sync callback {} threw", callback, e);
        }
    }

    /** Drains, commits everything, closes the stores' files and stops the thread; leftover ops are abandoned. */
    @Override
    public void close() {
        if (inIoThread()) throw new IllegalStateException("the storage cannot be closed from its own I/O thread (a sync callback)");
        closing = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        IOException closed = new IOException("storage closed before the operation ran");
        for (IoOp op; (op = queue.poll()) != null; ) op.abandon(closed);
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** A barrier: its callback joins the next commit. */
    private static final class SyncOp extends IoOp {
        private final SyncCallback callback;

        SyncOp(SyncCallback callback) {
            this.callback = callback;
        }

        @Override
        void run(IoLoop loop) {
            loop.syncs.add(callback);
            loop.requestCommit();
        }

        @Override
        void abandon(IOException cause) {
            IoLoop.notify(callback, cause);
        }

        @Override
        public String toString() {
            return "sync";
        }
    }
}
