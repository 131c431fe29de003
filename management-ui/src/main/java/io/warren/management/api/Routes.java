package io.warren.management.api;

import io.warren.broker.ProtocolException;
import io.warren.broker.auth.UserAdminException;
import io.warren.broker.policy.PolicyException;
import io.warren.codec.ReplyCode;
import io.warren.management.http.HttpRequest;
import io.warren.management.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The API's routing table: a method and a path pattern ({@code /api/queues/{vhost}/{name}}) per
 * endpoint. Answers 404 for an unknown path and 405 for a known path with another method, checks
 * the caller (401 with {@code WWW-Authenticate: Basic}), answers 503 while the broker application is
 * stopped, and turns the broker's refusals into RabbitMQ's error bodies.
 */
public final class Routes {
    /** One endpoint: answers a call. */
    @FunctionalInterface
    public interface Endpoint {
        HttpResponse answer(Call call) throws Exception;
    }

    private record Route(String method, List<String> pattern, Endpoint endpoint, boolean needsBroker) {}

    private final List<Route> routes = new ArrayList<>();
    private final BasicAuth auth;
    private final BooleanSupplier brokerRunning;

    public Routes(BasicAuth auth, BooleanSupplier brokerRunning) {
        this.auth = auth;
        this.brokerRunning = brokerRunning;
    }

    public Routes get(String pattern, Endpoint endpoint) {
        return add("GET", pattern, endpoint, true);
    }

    public Routes put(String pattern, Endpoint endpoint) {
        return add("PUT", pattern, endpoint, true);
    }

    public Routes post(String pattern, Endpoint endpoint) {
        return add("POST", pattern, endpoint, true);
    }

    public Routes delete(String pattern, Endpoint endpoint) {
        return add("DELETE", pattern, endpoint, true);
    }

    /** An endpoint that also answers while the broker application is stopped (node control). */
    public Routes always(String method, String pattern, Endpoint endpoint) {
        return add(method, pattern, endpoint, false);
    }

    private Routes add(String method, String pattern, Endpoint endpoint, boolean needsBroker) {
        routes.add(new Route(method, Arrays.stream(pattern.split("/")).filter(s -> !s.isEmpty()).toList(), endpoint, needsBroker));
        return this;
    }

    /** Answers a request under {@code /api}. */
    public HttpResponse handle(HttpRequest request) throws Exception {
        Route match = null;
        Map<String, String> params = null;
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> bound = bind(route.pattern(), request.segments());
            if (bound == null) continue;
            pathKnown = true;
            if (route.method().equals(request.method()) || (request.method().equals("HEAD") && route.method().equals("GET"))) {
                match = route;
                params = bound;
                break;
            }
        }
        try {
            if (match == null) {
                if (!pathKnown) throw ApiException.notFound();
                if (request.method().equals("OPTIONS")) return HttpResponse.empty(200);
                return HttpResponse.empty(405);
            }
            Caller caller = auth.authenticate(request);
            if (match.needsBroker() && !brokerRunning.getAsBoolean()) throw ApiException.unavailable();
            return match.endpoint().answer(new Call(request, params, caller));
        } catch (Exception e) {
            HttpResponse response = error(unwrap(e));
            // A browser would answer the challenge with its own login dialog: the console asks not to get one.
            return "XMLHttpRequest".equals(request.header("x-requested-with")) ? withoutChallenge(response) : response;
        }
    }

    private static HttpResponse withoutChallenge(HttpResponse response) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.remove("WWW-Authenticate");
        return new HttpResponse(response.status(), response.contentType(), response.body(), headers);
    }

    /** The named parts of {@code segments} if they fit {@code pattern}; {@code {x}} matches any one segment. */
    private static Map<String, String> bind(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) return null;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String part = pattern.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                params.put(part.substring(1, part.length() - 1), segments.get(i));
            } else if (!part.equals(segments.get(i))) {
                return null;
            }
        }
        return params;
    }

    private static Exception unwrap(Exception e) {
        Throwable cause = e;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof Exception x ? x : e;
    }

    /** RabbitMQ's status and body for a refusal. */
    static HttpResponse error(Exception e) throws Exception {
        ApiException api;
        if (e instanceof ApiException a) {
            api = a;
        } else if (e instanceof ProtocolException p) {
            api = fromProtocol(p);
        } else if (e instanceof PolicyException p) {
            api = ApiException.badRequest(p.getMessage());
        } else if (e instanceof UserAdminException u) {
            api = u.reason() == UserAdminException.Reason.NO_SUCH_USER ? ApiException.notFound() : ApiException.badRequest(u.getMessage());
        } else {
            throw e;
        }
        HttpResponse response = HttpResponse.json(api.status(), Json.write(Map.of("error", api.error(), "reason", api.reason())));
        if (api.status() == 401 && "not_authorized".equals(api.error())) {
            response = response.withHeader("WWW-Authenticate", "Basic realm=\"RabbitMQ Management\"");
        }
        return response;
    }

    private static ApiException fromProtocol(ProtocolException e) {
        int code = e.error().replyCode();
        String text = e.error().replyText();
        String explanation = text.contains(" - ") ? text.substring(text.indexOf(" - ") + 3) : text;
        return switch (code) {
            case ReplyCode.NOT_FOUND -> new ApiException(404, "not_found", text);
            case ReplyCode.ACCESS_REFUSED -> ApiException.notAuthorised("Access refused.");
            default -> ApiException.badRequest(explanation);
        };
    }
}
