package io.warren.codec;

import io.netty.buffer.ByteBuf;

/**
 * An AMQP 0-9-1 method: one immutable record per method of the protocol definition,
 * grouped per class under a sealed interface ({@link ConnectionMethod}, {@link BasicMethod}, ...).
 */
public sealed interface Method
        permits ConnectionMethod, ChannelMethod, AccessMethod, ExchangeMethod, QueueMethod,
                BasicMethod, TxMethod, ConfirmMethod {

    /** The AMQP class id (10 for connection, 60 for basic, ...). */
    int protocolClassId();

    /** The method id within its class. */
    int protocolMethodId();

    /** The spec's dotted name, e.g. {@code basic.publish}. */
    String protocolName();

    /** True for methods followed by a content header and body frames. */
    boolean hasContent();

    /** True for methods that expect a reply. */
    boolean synchronous();

    /** Writes the method's arguments (not the class and method ids) to {@code out}. */
    void encodeArguments(ByteBuf out);
}
