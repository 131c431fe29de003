package io.warren.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The distinct destinations behind one routing outcome (a direct key, a fanout, a topic trie leaf),
 * counting how many bindings lead to each, so that a destination bound twice (e.g. with different
 * arguments) is delivered to once and stays until its last binding goes.
 *
 * <p>Concurrency: {@link #add} and {@link #remove} run under the owning exchange's monitor; they
 * publish a new immutable array through a volatile field, which {@link #forEach} reads without
 * locking or allocating.
 */
final class Destinations<D> {

    private static final Object[] NONE = {};

    private final Map<D, Integer> bindingCounts = new HashMap<>(4);
    private volatile Object[] snapshot = NONE;

    /** Counts one more binding to {@code destination}; true when it was not a destination before. */
    boolean add(D destination) {
        int n = bindingCounts.merge(destination, 1, Integer::sum);
        if (n > 1) {
            return false;
        }
        Object[] old = snapshot;
        Object[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = destination;
        snapshot = grown;
        return true;
    }

    /** Counts one binding fewer; true when {@code destination} is no longer a destination. */
    boolean remove(D destination) {
        Integer n = bindingCounts.get(destination);
        if (n == null) {
            return false;
        }
        if (n > 1) {
            bindingCounts.put(destination, n - 1);
            return false;
        }
        bindingCounts.remove(destination);
        Object[] old = snapshot;
        Object[] shrunk = new Object[old.length - 1];
        int j = 0;
        for (Object d : old) {
            if (!d.equals(destination)) {
                shrunk[j++] = d;
            }
        }
        snapshot = shrunk;
        return true;
    }

    boolean isEmpty() {
        return bindingCounts.isEmpty();
    }

    /** The current destinations; the array is never modified, callers must not modify it either. */
    Object[] snapshot() {
        return snapshot;
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super D> sink) {
        for (Object destination : snapshot) {
            sink.accept((D) destination);
        }
    }
}
