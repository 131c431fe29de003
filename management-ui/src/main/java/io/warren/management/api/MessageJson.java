package io.warren.management.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.warren.broker.definitions.FieldValuesJson;
import io.warren.codec.BasicProperties;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message properties and payloads in the API's JSON: {@code properties} objects with RabbitMQ's
 * snake_case names, payloads as text ({@code payload_encoding: string}) or base64.
 */
final class MessageJson {
    private MessageJson() {}

    static Map<String, Object> properties(BasicProperties p) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (p.contentType() != null) json.put("content_type", p.contentType());
        if (p.contentEncoding() != null) json.put("content_encoding", p.contentEncoding());
        if (p.deliveryMode() != null) json.put("delivery_mode", p.deliveryMode());
        if (p.priority() != null) json.put("priority", p.priority());
        if (p.correlationId() != null) json.put("correlation_id", p.correlationId());
        if (p.replyTo() != null) json.put("reply_to", p.replyTo());
        if (p.expiration() != null) json.put("expiration", p.expiration());
        if (p.messageId() != null) json.put("message_id", p.messageId());
        if (p.timestamp() != null) json.put("timestamp", p.timestamp().getEpochSecond());
        if (p.type() != null) json.put("type", p.type());
        if (p.userId() != null) json.put("user_id", p.userId());
        if (p.appId() != null) json.put("app_id", p.appId());
        if (p.clusterId() != null) json.put("cluster_id", p.clusterId());
        if (p.headers() != null) json.put("headers", FieldValuesJson.toJson(p.headers()));
        return json;
    }

    @SuppressWarnings("unchecked")
    static BasicProperties properties(Object json) {
        if (json == null) return BasicProperties.EMPTY;
        if (!(json instanceof Map<?, ?> raw)) throw ApiException.badRequest("properties must be an object");
        Map<String, Object> p = (Map<String, Object>) raw;
        Object headers = p.get("headers");
        Object timestamp = p.get("timestamp");
        return new BasicProperties(text(p, "content_type"), text(p, "content_encoding"),
                headers instanceof Map<?, ?> h ? Tables.fromJson((Map<String, Object>) h) : null,
                integer(p, "delivery_mode"), integer(p, "priority"), text(p, "correlation_id"), text(p, "reply_to"),
                text(p, "expiration"), text(p, "message_id"),
                timestamp instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null,
                text(p, "type"), text(p, "user_id"), text(p, "app_id"), text(p, "cluster_id"));
    }

    /** The body as the payload fields of a fetched message: {@code payload}, {@code payload_bytes}, {@code payload_encoding}. */
    static void payload(Map<String, Object> json, ByteBuf body, String encoding, int truncate) {
        byte[] bytes = ByteBufUtil.getBytes(body);
        json.put("payload_bytes", bytes.length);
        byte[] shown = truncate >= 0 && bytes.length > truncate ? java.util.Arrays.copyOf(bytes, truncate) : bytes;
        String text = "base64".equals(encoding) ? null : utf8(shown);
        if (text != null) {
            json.put("payload", text);
            json.put("payload_encoding", "string");
        } else {
            json.put("payload", Base64.getEncoder().encodeToString(shown));
            json.put("payload_encoding", "base64");
        }
    }

    /** The bytes of a payload to publish. */
    static byte[] payloadBytes(Object payload, Object encoding) {
        String text = payload == null ? "" : payload.toString();
        if ("base64".equals(encoding)) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("payload is not valid base64");
            }
        }
        if (encoding != null && !"string".equals(encoding)) throw ApiException.badRequest("payload_encoding must be string or base64");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String text(Map<String, Object> p, String key) {
        Object value = p.get(key);
        return value == null ? null : value.toString();
    }

    private static Integer integer(Map<String, Object> p, String key) {
        Object value = p.get(key);
        if (value == null) return null;
        if (value instanceof Number n) return n.intValue();
        try {
            return Integer.valueOf(value.toString());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(key + " must be a number");
        }
    }
}
