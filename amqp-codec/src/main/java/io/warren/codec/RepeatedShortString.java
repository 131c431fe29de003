package io.warren.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads a short string that usually repeats from one frame to the next, such as a publisher's exchange
 * or routing key, without allocating when it does: it keeps the last string read and its octets, and
 * returns that same {@link String} when the next one has the same octets. A queue holding a million
 * messages of one publisher then holds one routing-key string, not a million (less to allocate on the
 * publish path, less for the collector to copy while a backlog lives).
 *
 * <p>Decodes as {@link FieldCodec#readShortString}: UTF-8, malformed sequences replaced. Not thread-safe:
 * one per connection's decoder, used on its event loop.
 */
final class RepeatedShortString {
    private byte[] octets = new byte[0];
    private String value = "";

    String read(ByteBuf in) {
        int length = in.readUnsignedByte();
        if (length == 0) return "";
        int index = in.readerIndex();
        if (in.readableBytes() < length) throw new IndexOutOfBoundsException("short string of " + length + " octets");
        if (!sameAsLast(in, index, length)) {
            byte[] read = new byte[length];
            in.getBytes(index, read);
            octets = read;
            value = new String(read, StandardCharsets.UTF_8);
        }
        in.skipBytes(length);
        return value;
    }

    private boolean sameAsLast(ByteBuf in, int index, int length) {
        if (length != octets.length) return false;
        for (int i = 0; i < length; i++) {
            if (in.getByte(index + i) != octets[i]) return false;
        }
        return true;
    }
}
