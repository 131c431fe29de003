package io.warren.management.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON: Jackson, field order as built, decimals kept as doubles. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object from a request body; 400 {@code not_json} when it is not one. The empty body is {}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(byte[] body) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) return new LinkedHashMap<>();
        try {
            Object value = MAPPER.readValue(body, Object.class);
            if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
        } catch (IOException e) {
            throw ApiException.badRequest("not_json");
        }
        throw ApiException.badRequest("not_json");
    }

    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw ApiException.badRequest("not_json");
        }
    }
}
