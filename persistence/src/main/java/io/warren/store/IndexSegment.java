package io.warren.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One segment of a queue index: publish records for sequence numbers {@code [firstSeq, endSeq)} in
 * {@code <firstSeq>.idx} (forced at every commit) and their delivered/acked marks in
 * {@code <firstSeq>.ack} (lazily durable), plus how many of its publishes are not acked yet. Its files are opened at the first append. Confined to the
 * I/O thread.
 */
final class IndexSegment {
    final long firstSeq;
    final long endSeq;
    private final Path indexPath;
    private final Path marksPath;
    private final long indexSize;
    private final long marksSize;
    private AppendFile index;
    private AppendFile marks;
    /** Publishes processed (or recovered) and not acked. */
    int live;

    /** A segment whose files have {@code indexSize} and {@code marksSize} valid bytes; -1: no such file yet. */
    IndexSegment(Path directory, long firstSeq, long endSeq, long indexSize, long marksSize) {
        this.firstSeq = firstSeq;
        this.endSeq = endSeq;
        this.indexPath = directory.resolve(firstSeq + ".idx");
        this.marksPath = directory.resolve(firstSeq + ".ack");
        this.indexSize = indexSize;
        this.marksSize = marksSize;
    }

    boolean contains(long seq) {
        return seq >= firstSeq && seq < endSeq;
    }

    AppendFile index(IoLoop loop) {
        if (index == null) index = open(indexPath, indexSize, AppendFile.Durability.SYNCED, loop);
        if (index.sealed()) index.unseal();
        return index;
    }

    AppendFile marks(IoLoop loop) {
        if (marks == null) marks = open(marksPath, marksSize, AppendFile.Durability.LAZY, loop);
        if (marks.sealed()) marks.unseal();
        return marks;
    }

    /**
     * Lets the channels close once their bytes are durable: publishes have moved on to a later
     * segment, or marks to another one. A late append unseals it. Keeps the open files per
     * queue to about two, however long the queue.
     */
    void sealIndex() {
        if (index != null) index.seal();
    }

    void sealMarks() {
        if (marks != null) marks.seal();
    }

    private static AppendFile open(Path path, long size, AppendFile.Durability durability, IoLoop loop) {
        return size < 0
                ? AppendFile.create(path, loop, durability, AppendFile.LossListener.NONE)
                : AppendFile.existing(path, loop, durability, size, AppendFile.LossListener.NONE);
    }

    /** Closes the files (the loop flushed and forced them already). */
    void close() throws IOException {
        if (index != null) index.close();
        if (marks != null) marks.close();
    }

    /** Drops unflushed bytes and removes both files. */
    void delete() throws IOException {
        if (index != null) index.discard();
        if (marks != null) marks.discard();
        Files.deleteIfExists(indexPath);
        Files.deleteIfExists(marksPath);
    }
}
