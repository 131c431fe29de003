package io.warren.management.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the console's files from the classpath folder {@code www/}: {@code /} is
 * {@code index.html}; paths with {@code ..} or unknown files are 404.
 */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "application/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon",
            "json", "application/json", "txt", "text/plain; charset=utf-8");

    private final String root;

    public StaticFiles(String root) {
        this.root = root;
    }

    public HttpResponse serve(HttpRequest request) throws IOException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) return HttpResponse.empty(405);
        String path = request.path().equals("/") ? "/index.html" : request.path();
        if (path.contains("..") || path.contains("//")) return HttpResponse.empty(404);
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + path)) {
            if (in == null) return HttpResponse.text(404, "text/plain; charset=utf-8", "Not Found");
            String extension = path.substring(path.lastIndexOf('.') + 1);
            return new HttpResponse(200, TYPES.getOrDefault(extension, "application/octet-stream"), in.readAllBytes(), Map.of());
        }
    }
}
