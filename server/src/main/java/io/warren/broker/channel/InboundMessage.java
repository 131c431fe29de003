package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.warren.codec.BasicMethod;
import io.warren.codec.BasicProperties;

/**
 * A fully received basic.publish: the method, its properties and its body. The body is the
 * inbound bytes themselves (a retained slice, or a composite of slices when it spanned several
 * frames): the holder owns one reference.
 */
public record InboundMessage(BasicMethod.Publish publish, BasicProperties properties, ByteBuf body) {}
