package io.warren.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helper: what a route delivers, in delivery order, duplicates kept so tests can see them. */
final class Routes {

    private Routes() {}

    static <D> List<D> of(ExchangeType<D> exchange, String routingKey) {
        return of(exchange, routingKey, null);
    }

    static <D> List<D> of(ExchangeType<D> exchange, String routingKey, Map<String, Object> headers) {
        List<D> delivered = new ArrayList<>();
        exchange.route(routingKey, headers, delivered::add);
        return delivered;
    }
}
