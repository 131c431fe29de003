package io.warren.management.http;

/** Answers HTTP requests; runs on a worker thread and may block briefly (waiting on queues). */
@FunctionalInterface
public interface HttpHandler {
    HttpResponse handle(HttpRequest request) throws Exception;
}
