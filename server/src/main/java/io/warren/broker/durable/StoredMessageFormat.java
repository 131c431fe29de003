package io.warren.broker.durable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.broker.message.Message;
import io.warren.codec.BasicProperties;
import io.warren.codec.FieldCodec;
import java.nio.ByteBuffer;

/**
 * How a message is written into the message store (the opaque Body of an rdq record):
 * <pre>
 * version:8 = 1 | published-at:64 (epoch ms) | exchange:shortstr | routing-key:shortstr
 * | properties (content-header flags and fields, as on the wire) | size:32 | payload
 * </pre>
 * The publish time lets a recovered message keep its TTL deadline.
 */
public final class StoredMessageFormat {
    private static final byte VERSION = 1;

    private StoredMessageFormat() {}

    /** A recovered message and when it was first published. */
    public record Decoded(Message message, long publishedAt) {}

    public static ByteBuffer encode(Message message, long publishedAt) {
        ByteBuf body = message.body();
        int size = body.readableBytes();
        ByteBuf out = Unpooled.buffer(64 + message.exchange().length() + message.routingKey().length() + size);
        out.writeByte(VERSION);
        out.writeLong(publishedAt);
        FieldCodec.writeShortString(out, message.exchange());
        FieldCodec.writeShortString(out, message.routingKey());
        message.properties().encode(out);
        out.writeInt(size);
        out.writeBytes(body, body.readerIndex(), size);
        return out.nioBuffer();
    }

    /** Decodes a stored record; the message's body shares {@code stored} (no copy). */
    public static Decoded decode(ByteBuffer stored) {
        ByteBuf in = Unpooled.wrappedBuffer(stored);
        byte version = in.readByte();
        if (version != VERSION) throw new IllegalArgumentException("unknown stored message version " + version);
        long publishedAt = in.readLong();
        String exchange = FieldCodec.readShortString(in);
        String routingKey = FieldCodec.readShortString(in);
        BasicProperties properties = BasicProperties.decode(in);
        int size = in.readInt();
        ByteBuf body = in.slice(in.readerIndex(), size);
        return new Decoded(new Message(exchange, routingKey, properties, body), publishedAt);
    }
}
