package io.warren.management.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response: status, content type, body and extra headers. Immutable.
 *
 * @param status      the status code
 * @param contentType the body's media type, or null when there is no body
 * @param body        the body, possibly empty
 * @param headers     extra headers (e.g. {@code WWW-Authenticate}, {@code Location})
 */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json";

    public static HttpResponse noContent() {
        return new HttpResponse(204, null, new byte[0], Map.of());
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, null, new byte[0], Map.of());
    }

    public static HttpResponse json(int status, byte[] json) {
        return new HttpResponse(status, JSON, json, Map.of());
    }

    public static HttpResponse text(int status, String contentType, String text) {
        return new HttpResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A copy with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, contentType, body, more);
    }
}
