package io.warren.management.api;

import io.warren.management.http.HttpRequest;
import io.warren.management.http.HttpResponse;
import java.util.Map;

/**
 * One API request being answered: the HTTP request, the path's named parts ({@code {vhost}},
 * {@code {name}}, ...) decoded, the authenticated caller, and helpers for the JSON body and answers.
 */
public final class Call {
    private final HttpRequest request;
    private final Map<String, String> params;
    private final Caller caller;
    private Map<String, Object> body;

    Call(HttpRequest request, Map<String, String> params, Caller caller) {
        this.request = request;
        this.params = params;
        this.caller = caller;
    }

    public HttpRequest request() {
        return request;
    }

    public Caller caller() {
        return caller;
    }

    /** A named part of the path; {@code amq.default} in an exchange name stands for the default exchange. */
    public String param(String name) {
        return params.get(name);
    }

    /** Whether the path had this named part (e.g. the vhost of {@code /api/queues/{vhost}}). */
    public boolean has(String name) {
        return params.containsKey(name);
    }

    public String query(String name) {
        return request.queryParam(name);
    }

    /** The JSON object of the body; {} when empty; 400 not_json otherwise. */
    public Map<String, Object> body() {
        if (body == null) body = Json.object(request.body());
        return body;
    }

    public static HttpResponse ok(Object json) {
        return HttpResponse.json(200, Json.write(json));
    }

    /** 201 when {@code created}, else 204, as RabbitMQ's PUT answers. */
    public static HttpResponse createdOrExisted(boolean created) {
        return created ? HttpResponse.empty(201) : HttpResponse.noContent();
    }
}
