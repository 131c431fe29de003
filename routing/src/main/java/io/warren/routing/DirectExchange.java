package io.warren.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The {@code direct} exchange type: a message goes to the destinations bound with a key equal to its
 * routing key. Binding arguments take no part in matching (but do in a binding's identity).
 *
 * <p>Concurrency: one {@link Destinations} per binding key in a {@link ConcurrentHashMap}. A route
 * is one map lookup and a walk over an immutable array: no lock, no allocation. Changes run under the
 * exchange's monitor (see {@link AbstractExchange}) and replace only the array of the key they touch.
 */
public final class DirectExchange<D> extends AbstractExchange<D> {

    public static final String TYPE = "direct";

    private final Map<String, Destinations<D>> byKey = new ConcurrentHashMap<>();

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    protected void added(Binding<D> binding) {
        byKey.computeIfAbsent(binding.key(), k -> new Destinations<>()).add(binding.destination());
    }

    @Override
    protected void removed(Binding<D> binding) {
        Destinations<D> destinations = byKey.get(binding.key());
        destinations.remove(binding.destination());
        if (destinations.isEmpty()) {
            byKey.remove(binding.key());
        }
    }

    @Override
    public void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink) {
        Destinations<D> destinations = byKey.get(routingKey);
        if (destinations != null) {
            destinations.forEach(sink);
        }
    }
}
