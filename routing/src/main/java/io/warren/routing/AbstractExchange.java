package io.warren.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The binding bookkeeping every exchange type shares: which bindings exist, and which lead to each
 * destination.
 *
 * <p>Design. Changes ({@code bind}, {@code unbind}, {@code unbindAll}) are serialized on the
 * exchange's monitor. Each accepted change calls {@link #added} or {@link #removed} while still
 * holding it, and the subclass updates its routing structure there, publishing it so that readers
 * in {@code route} see it as of one instant without locking. The sets below are touched only
 * under the monitor; {@code count} is volatile so {@link #bindingCount()} never blocks.
 */
abstract class AbstractExchange<D> implements ExchangeType<D> {

    private final Set<Binding<D>> bindings = new LinkedHashSet<>();
    private final Map<D, List<Binding<D>>> byDestination = new HashMap<>();
    private volatile int count;

    /** Called under the monitor after {@code binding} was added. */
    protected abstract void added(Binding<D> binding);

    /** Called under the monitor after {@code binding} was removed. */
    protected abstract void removed(Binding<D> binding);

    @Override
    public final synchronized boolean bind(D destination, String bindingKey, Map<String, Object> arguments) {
        Binding<D> binding = new Binding<>(destination, bindingKey, arguments);
        if (!bindings.add(binding)) {
            return false;
        }
        byDestination.computeIfAbsent(destination, d -> new ArrayList<>(2)).add(binding);
        count = bindings.size();
        added(binding);
        return true;
    }

    @Override
    public final synchronized boolean unbind(D destination, String bindingKey, Map<String, Object> arguments) {
        Binding<D> binding = new Binding<>(destination, bindingKey, arguments);
        if (!bindings.remove(binding)) {
            return false;
        }
        List<Binding<D>> ofDestination = byDestination.get(destination);
        ofDestination.remove(binding);
        if (ofDestination.isEmpty()) {
            byDestination.remove(destination);
        }
        count = bindings.size();
        removed(binding);
        return true;
    }

    @Override
    public final synchronized int unbindAll(D destination) {
        List<Binding<D>> ofDestination = byDestination.remove(destination);
        if (ofDestination == null) {
            return 0;
        }
        for (Binding<D> binding : ofDestination) {
            bindings.remove(binding);
            count = bindings.size();
            removed(binding);
        }
        return ofDestination.size();
    }

    @Override
    public final synchronized List<Binding<D>> bindings() {
        return List.copyOf(bindings);
    }

    @Override
    public final int bindingCount() {
        return count;
    }

    @Override
    public final synchronized boolean hasBindingsTo(D destination) {
        return byDestination.containsKey(destination);
    }

    @Override
    public String toString() {
        return typeName() + " exchange with " + count + " bindings";
    }
}
