package io.warren.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the space of released messages in files that still hold some live ones.
 *
 * <h2>When</h2>
 * After each batch the I/O thread checks the store: when dead bytes exceed half of all stored
 * bytes and at least three files exist, it picks the files that are at least half dead (most
 * dead bytes first, at most 16 per round; never the write head) and hands them to this
 * compactor. One round runs at a time.
 *
 * <h2>How</h2>
 * The compactor thread ("warren-storage-compactor") reads each picked file sequentially, checks
 * every record, and keeps those the index still places there. It sends them in batches of about
 * 1 MiB to the I/O thread, which appends each at the write head and repoints its index entry,
 * unless the message was released or moved in the meantime. The old copy turns into dead bytes;
 * once the file has no live bytes it is deleted after the next successful commit, i.e. only when
 * the moved copies are on disk. So the I/O thread only does appends, as for any write, and the
 * reading stays off its path.
 *
 * <h2>Readers and crashes</h2>
 * A reader holding an old position reads the old copy (the file still exists until the moves are
 * durable) or, if the file was deleted meanwhile, retries at the new position. A crash before the
 * old file is deleted leaves two identical copies; recovery keeps the first and counts the other
 * as dead.
 */
final class Compactor {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    private static final int MAX_FILES_PER_ROUND = 16;
    private static final int MOVE_BATCH_BYTES = 1 << 20;

    private final String name;
    private final ConcurrentHashMap<MsgId, StoredMessage> index;
    private final IoLoop loop;
    private final StoreWriter writer;
    private ExecutorService thread;
    private volatile boolean stopped;

    Compactor(String name, ConcurrentHashMap<MsgId, StoredMessage> index, IoLoop loop, StoreWriter writer) {
        this.name = name;
        this.index = index;
        this.loop = loop;
        this.writer = writer;
    }

    /** The files worth compacting now: at least half dead, most dead bytes first. I/O thread. */
    static List<SegmentFile> plan(Collection<SegmentFile> files, SegmentFile head) {
        List<SegmentFile> candidates = new ArrayList<>();
        for (SegmentFile file : files) {
            long dead = file.totalBytes - file.liveBytes;
            if (file != head && !file.deletionScheduled && file.liveBytes > 0 && dead * 2 >= file.totalBytes) {
                candidates.add(file);
            }
        }
        candidates.sort(Comparator.comparingLong((SegmentFile file) -> file.totalBytes - file.liveBytes).reversed());
        return List.copyOf(candidates.subList(0, Math.min(MAX_FILES_PER_ROUND, candidates.size())));
    }

    /** Starts a round on the compactor thread; false once stopped. I/O thread. */
    synchronized boolean start(List<SegmentFile> plan) {
        if (stopped) return false;
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "warren-storage-compactor");
                t.setDaemon(true);
                return t;
            });
        }
        thread.execute(() -> run(plan));
        return true;
    }

    /** Stops after the current batch and waits for the thread; no round starts after this. */
    void stop() {
        ExecutorService running;
        synchronized (this) {
            stopped = true;
            running = thread;
        }
        if (running == null) return;
        running.shutdown();
        try {
            if (!running.awaitTermination(1, TimeUnit.MINUTES)) LOG.warn("{}: compactor did not stop within a minute", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(List<SegmentFile> plan) {
        try {
            for (SegmentFile file : plan) {
                if (stopped) return;
                moveLiveRecords(file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: compaction round failed, files stay as they are: {}", name, e.toString());
        } finally {
            if (!stopped) loop.submit(new DoneOp(writer));
        }
    }

    private void moveLiveRecords(SegmentFile file) throws IOException {
        try (FileChannel channel = FileChannel.open(file.path, StandardOpenOption.READ)) {
            Mover mover = new Mover(file);
            RecordScan.scan(channel, name + " file " + file, MessageRecord.FORMAT, mover, false);
            mover.submit();
        } catch (NoSuchFileException e) {
            // deleted meanwhile: nothing left to move
        }
    }

    /** One record to move: still live at {@code from} when the compactor read it. */
    private record Move(MsgId id, StoredMessage message, long from, byte[] record) {
    }

    private final class Mover implements RecordScan.Visitor {
        private final SegmentFile file;
        private List<Move> batch = new ArrayList<>();
        private int batchBytes;

        Mover(SegmentFile file) {
            this.file = file;
        }

        @Override
        public void record(FileWindow window, long offset, int length) {
            if (stopped) return;
            MsgId id = window.msgIdAt(offset + 8);
            StoredMessage message = index.get(id);
            long position = StoredMessage.position(file.number, offset);
            if (message == null || message.position != position) return;
            batch.add(new Move(id, message, position, window.copy(offset, length)));
            batchBytes += length;
            if (batchBytes >= MOVE_BATCH_BYTES) submit();
        }

        void submit() {
            if (batch.isEmpty() || stopped) return;
            loop.submit(new MoveOp(writer, batch));
            batch = new ArrayList<>();
            batchBytes = 0;
        }
    }

    private static final class MoveOp extends IoOp {
        private final StoreWriter writer;
        private final List<Move> moves;

        MoveOp(StoreWriter writer, List<Move> moves) {
            this.writer = writer;
            this.moves = moves;
        }

        @Override
        void run(IoLoop loop) throws IOException {
            for (Move move : moves) writer.move(move.id(), move.message(), move.from(), move.record());
        }

        @Override
        public String toString() {
            return "compaction move of " + moves.size() + " records";
        }
    }

    private static final class DoneOp extends IoOp {
        private final StoreWriter writer;

        DoneOp(StoreWriter writer) {
            this.writer = writer;
        }

        @Override
        void run(IoLoop loop) {
            writer.compactionDone();
        }

        @Override
        public String toString() {
            return "end of compaction round";
        }
    }
}
