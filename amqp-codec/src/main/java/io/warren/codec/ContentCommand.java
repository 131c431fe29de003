package io.warren.codec;

import io.netty.buffer.ByteBuf;

/**
 * An outbound content-bearing method (basic.deliver, basic.get-ok, basic.return) with its
 * properties and body, written by {@link AmqpFrameEncoder} as one method frame, one content
 * header frame and as many body frames as {@code maxFrameSize} requires.
 *
 * <p>The command owns one reference to {@code body}; the encoder releases it once written.
 * To send the same body to several consumers, retain it once per extra command (no copy).
 *
 * @param maxFrameSize the connection's negotiated frame_max, overhead included (0 = unlimited)
 */
public record ContentCommand(int channel, Method method, BasicProperties properties, ByteBuf body, long maxFrameSize) {}
