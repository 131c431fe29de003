package io.warren.codec;

import io.netty.buffer.ByteBuf;

/**
 * A content body frame (type 3). Inbound, {@code payload} is a retained slice of the bytes the
 * socket delivered (no copy): whoever takes the frame owns one reference and must release it.
 * Outbound, the encoder releases it once written.
 */
public record ContentBodyFrame(int channel, ByteBuf payload) implements Frame {}
