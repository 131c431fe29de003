package io.warren.management.http;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the API handlers see it: the method, the path split into decoded segments
 * ({@code %2F} becomes {@code /} inside a segment, so vhost {@code /} is one segment), the query
 * parameters, the headers they need and the body.
 *
 * @param method   upper-case method, e.g. {@code GET}
 * @param path     the raw path, without the query
 * @param segments the path's segments, percent-decoded one by one
 * @param query    query parameters (the first value of each)
 * @param headers  request headers, names in lower case
 * @param body     the request body, empty when there is none
 * @param peer     the client's address
 */
public record HttpRequest(String method, String path, List<String> segments, Map<String, String> query,
                          Map<String, String> headers, byte[] body, SocketAddress peer) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String queryParam(String name) {
        return query.get(name);
    }
}
