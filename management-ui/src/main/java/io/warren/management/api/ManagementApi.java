package io.warren.management.api;

import io.warren.management.http.HttpHandler;
import io.warren.management.http.HttpRequest;
import io.warren.management.http.HttpResponse;
import io.warren.management.http.StaticFiles;

/**
 * The management listener's handler: the HTTP API under {@code /api} (one endpoint class per
 * group of RabbitMQ's paths) and the console's static files everywhere else.
 */
public final class ManagementApi implements HttpHandler {
    private final Routes routes;
    private final StaticFiles console = new StaticFiles("www");

    /**
     * @param stopNode stops the node for {@code warrenctl stop}
     */
    public ManagementApi(ApiContext context, BasicAuth auth, Runnable stopNode) {
        routes = new Routes(auth, () -> context.broker().running());
        new OverviewApi(context).register(routes);
        new ConnectionsApi(context).register(routes);
        new ExchangesApi(context).register(routes);
        new QueuesApi(context).register(routes);
        new BindingsApi(context).register(routes);
        new VhostsApi(context).register(routes);
        new UsersApi(context).register(routes);
        new PermissionsApi(context).register(routes);
        new PoliciesApi(context).register(routes);
        new DefinitionsApi(context).register(routes);
        new HealthApi(context).register(routes);
        new NodeControlApi(context, stopNode).register(routes);
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        if (request.path().equals("/api") || request.path().startsWith("/api/")) return routes.handle(request);
        if (request.path().equals("/cli/rabbitmqadmin")) return HttpResponse.empty(404);
        return console.serve(request);
    }
}
