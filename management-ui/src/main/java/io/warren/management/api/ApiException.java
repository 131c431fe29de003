package io.warren.management.api;

/**
 * An error answered as RabbitMQ's management API answers it: a status and a JSON body
 * {@code {"error": ..., "reason": ...}}, with RabbitMQ's words for each case.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String error;

    public ApiException(int status, String error, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String reason() {
        return getMessage();
    }

    /** 404 for a missing object or an unknown path. */
    public static ApiException notFound() {
        return new ApiException(404, "Object Not Found", "Not Found");
    }

    /** 404 for an operation in a vhost that does not exist. */
    public static ApiException vhostNotFound() {
        return new ApiException(404, "not_found", "vhost_not_found");
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(400, "bad_request", reason);
    }

    /** 401 with RabbitMQ's reason, e.g. "Not administrator user". */
    public static ApiException notAuthorised(String reason) {
        return new ApiException(401, "not_authorised", reason);
    }

    /** 503 while the broker application is stopped ({@code warrenctl stop_app}). */
    public static ApiException unavailable() {
        return new ApiException(503, "service_unavailable", "the broker application is stopped (start it with start_app)");
    }
}
