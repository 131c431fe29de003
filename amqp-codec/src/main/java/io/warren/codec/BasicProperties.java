package io.warren.codec;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.Map;

/**
 * The 14 properties of a {@code basic} content header, each {@code null} when absent.
 * Field order and flag bits follow the spec (bit 15 = content-type ... bit 2 = cluster-id).
 */
public record BasicProperties(
        String contentType,
        String contentEncoding,
        Map<String, Object> headers,
        Integer deliveryMode,
        Integer priority,
        String correlationId,
        String replyTo,
        String expiration,
        String messageId,
        Instant timestamp,
        String type,
        String userId,
        String appId,
        String clusterId) {

    public static final BasicProperties EMPTY =
            new BasicProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public BasicProperties {
        if (headers != null) headers = FieldCodec.immutable(headers);
    }

    /** True for delivery mode 2 (persistent). */
    public boolean persistent() {
        return deliveryMode != null && deliveryMode == 2;
    }

    /** A copy with other headers ({@code null} removes them). */
    public BasicProperties withHeaders(Map<String, Object> newHeaders) {
        return new BasicProperties(contentType, contentEncoding, newHeaders, deliveryMode, priority, correlationId,
                replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    /** A copy with another expiration ({@code null} removes it). */
    public BasicProperties withExpiration(String newExpiration) {
        return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                replyTo, newExpiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    /** Writes the property flags and the present properties. */
    public void encode(ByteBuf out) {
        int flags = (contentType != null ? 1 << 15 : 0)
                | (contentEncoding != null ? 1 << 14 : 0)
                | (headers != null ? 1 << 13 : 0)
                | (deliveryMode != null ? 1 << 12 : 0)
                | (priority != null ? 1 << 11 : 0)
                | (correlationId != null ? 1 << 10 : 0)
                | (replyTo != null ? 1 << 9 : 0)
                | (expiration != null ? 1 << 8 : 0)
                | (messageId != null ? 1 << 7 : 0)
                | (timestamp != null ? 1 << 6 : 0)
                | (type != null ? 1 << 5 : 0)
                | (userId != null ? 1 << 4 : 0)
                | (appId != null ? 1 << 3 : 0)
                | (clusterId != null ? 1 << 2 : 0);
        out.writeShort(flags);
        if (contentType != null) FieldCodec.writeShortString(out, contentType);
        if (contentEncoding != null) FieldCodec.writeShortString(out, contentEncoding);
        if (headers != null) FieldCodec.writeTable(out, headers);
        if (deliveryMode != null) out.writeByte(deliveryMode);
        if (priority != null) out.writeByte(priority);
        if (correlationId != null) FieldCodec.writeShortString(out, correlationId);
        if (replyTo != null) FieldCodec.writeShortString(out, replyTo);
        if (expiration != null) FieldCodec.writeShortString(out, expiration);
        if (messageId != null) FieldCodec.writeShortString(out, messageId);
        if (timestamp != null) FieldCodec.writeTimestamp(out, timestamp);
        if (type != null) FieldCodec.writeShortString(out, type);
        if (userId != null) FieldCodec.writeShortString(out, userId);
        if (appId != null) FieldCodec.writeShortString(out, appId);
        if (clusterId != null) FieldCodec.writeShortString(out, clusterId);
    }

    /** Reads property flags (following continuation words) and the properties they announce. */
    public static BasicProperties decode(ByteBuf in) {
        int flags = in.readUnsignedShort();
        int more = flags;
        while ((more & 1) != 0) more = in.readUnsignedShort(); // no properties are defined past the first word
        if (flags == 0 || flags == 1) return EMPTY;
        return new BasicProperties(
                has(flags, 15) ? FieldCodec.readShortString(in) : null,
                has(flags, 14) ? FieldCodec.readShortString(in) : null,
                has(flags, 13) ? FieldCodec.readTable(in) : null,
                has(flags, 12) ? Integer.valueOf(in.readUnsignedByte()) : null,
                has(flags, 11) ? Integer.valueOf(in.readUnsignedByte()) : null,
                has(flags, 10) ? FieldCodec.readShortString(in) : null,
                has(flags, 9) ? FieldCodec.readShortString(in) : null,
                has(flags, 8) ? FieldCodec.readShortString(in) : null,
                has(flags, 7) ? FieldCodec.readShortString(in) : null,
                has(flags, 6) ? FieldCodec.readTimestamp(in) : null,
                has(flags, 5) ? FieldCodec.readShortString(in) : null,
                has(flags, 4) ? FieldCodec.readShortString(in) : null,
                has(flags, 3) ? FieldCodec.readShortString(in) : null,
                has(flags, 2) ? FieldCodec.readShortString(in) : null);
    }

    private static boolean has(int flags, int bit) {
        return (flags & (1 << bit)) != 0;
    }
}
