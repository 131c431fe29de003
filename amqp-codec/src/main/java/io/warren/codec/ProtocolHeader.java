package io.warren.codec;

import java.util.Arrays;

/**
 * The 8 octets a client sends before its first frame. Only {@code AMQP 0 0 9 1} is supported;
 * anything else is answered with {@link #AMQP_0_9_1} and the socket is closed.
 */
public record ProtocolHeader(byte[] octets) {
    public static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    public boolean supported() {
        return Arrays.equals(octets, AMQP_0_9_1);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ProtocolHeader[");
        for (byte b : octets) sb.append(b >= 32 && b < 127 ? String.valueOf((char) b) : "\\" + (b & 0xFF));
        return sb.append(']').toString();
    }
}
