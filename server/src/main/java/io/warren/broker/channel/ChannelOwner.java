package io.warren.broker.channel;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.warren.broker.auth.AccessControl;
import io.warren.broker.vhost.VirtualHost;
import io.warren.config.Limits;

/**
 * What a channel needs from its connection. Everything here is for the connection's own thread,
 * except {@link #executor()} and {@link #writable()}, which any thread may use.
 */
public interface ChannelOwner {
    /** Queues a frame or command for writing; the connection flushes once per batch. */
    void write(Object frameOrCommand);

    /** Flushes now (after work that did not come from a socket read). */
    void flush();

    /** The channel has finished closing: its number may be reused. */
    void channelClosed(int channelNumber);

    /** Runs a task for a channel on the connection's thread, with the connection's error handling, then flushes. */
    void runForChannel(int channelNumber, Runnable task);

    /** Asks to be called back ({@link AmqpChannel#endOfBatch}) once the current read batch is done. */
    void endOfBatchFor(AmqpChannel channel);

    /**
     * One reason to stop reading from the socket (false) or its end (true): publisher back-pressure.
     * Reasons are counted; every {@code reading(false)} must be followed by one {@code reading(true)}.
     */
    void reading(boolean on);

    ByteBufAllocator alloc();

    EventLoop executor();

    /** Whether the socket can take more writes without piling up (thread-safe). */
    boolean writable();

    VirtualHost vhost();

    /** The node's storage: message store, queue journals and group commit. */
    io.warren.broker.durable.Persistence persistence();

    String username();

    /** RabbitMQ's name of the connection ({@code "peer -> local"}), for traces and the management API. */
    String connectionName();

    /** The node's name, e.g. {@code warren@host}. */
    String nodeName();

    /** What the connection's user may do in its vhost (connection's thread only). */
    AccessControl access();

    /** The node's limits (consumers per channel, unacked per consumer, ...). */
    Limits limits();

    long frameMax();

    /** Whether the client asked for basic.cancel when its queue is deleted. */
    boolean consumerCancelNotify();

    /** Whether any channel of this connection has a consumer. */
    boolean consumes();
}
