package io.warren.routing;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code fanout} exchange type: a message goes to every bound destination; the routing key,
 * binding keys and arguments take no part in matching.
 *
 * <p>Concurrency: a route walks the immutable array that {@link Destinations} publishes through a
 * volatile field, with no lock and no allocation. Changes run under the exchange's monitor.
 */
public final class FanoutExchange<D> extends AbstractExchange<D> {

    public static final String TYPE = "fanout";

    private final Destinations<D> destinations = new Destinations<>();

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    protected void added(Binding<D> binding) {
        destinations.add(binding.destination());
    }

    @Override
    protected void removed(Binding<D> binding) {
        destinations.remove(binding.destination());
    }

    @Override
    public void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink) {
        destinations.forEach(sink);
    }
}
