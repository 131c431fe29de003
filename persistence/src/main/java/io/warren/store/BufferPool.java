package io.warren.store;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Reusable direct buffers for batching appends, so the I/O thread does not allocate per batch.
 * A file borrows one while it holds unflushed bytes and gives it back when flushed, so the pool
 * grows to the number of files written in one batch. Confined to the I/O thread.
 */
final class BufferPool {
    private static final int MAX_IDLE = 32;

    private final int bufferSize;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();

    BufferPool(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    int bufferSize() {
        return bufferSize;
    }

    ByteBuffer take() {
        ByteBuffer buffer = idle.pollFirst();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(bufferSize);
    }

    void give(ByteBuffer buffer) {
        buffer.clear();
        if (idle.size() < MAX_IDLE) idle.addFirst(buffer);
    }
}
