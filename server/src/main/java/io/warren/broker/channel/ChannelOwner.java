package io.warren.broker.channel;

import io.netty.buffer.ByteBufAllocator;

/** What a channel needs from its connection: writing frames and giving its number back. */
public interface ChannelOwner {
    /** Queues a frame or command for writing; the connection flushes once per batch. */
    void write(Object frameOrCommand);

    /** The channel has finished closing: its number may be reused. */
    void channelClosed(int channelNumber);

    ByteBufAllocator alloc();
}
