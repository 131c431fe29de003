package io.warren.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The draft of a group of listeners keyed by their RabbitMQ name ({@code listeners.tcp.NAME}). As in
 * RabbitMQ, the built-in listeners are replaced as soon as any listener is configured explicitly:
 * {@code listeners.tcp.1 = 127.0.0.1:5672} alone means only that listener, not that one plus 5672.
 */
final class NamedListeners {

    private final Map<String, Listener> byName = new LinkedHashMap<>();
    private boolean configured;

    /** A group holding the built-in {@code listeners}, the first named {@code default}. */
    NamedListeners(List<Listener> builtIn) {
        for (int i = 0; i < builtIn.size(); i++) {
            byName.put(i == 0 ? ConfigBuilder.DEFAULT_LISTENER : ConfigBuilder.DEFAULT_LISTENER + (i + 1),
                    builtIn.get(i));
        }
    }

    /** Sets the listener called {@code name}. */
    void put(String name, Listener listener) {
        replaceBuiltIn();
        byName.put(name, listener);
    }

    /**
     * Changes the listener called {@code name}, or creates it from {@code whenAbsent} if there is none.
     * {@code change} receives the current listener, or {@code whenAbsent} when creating.
     */
    void update(String name, Listener whenAbsent, UnaryOperator<Listener> change) {
        Listener current = Optional.ofNullable(byName.get(name)).orElse(whenAbsent);
        replaceBuiltIn();
        byName.put(name, change.apply(current));
    }

    /** Removes every listener ({@code listeners.tcp = none}). */
    void disable() {
        configured = true;
        byName.clear();
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The names of the listeners, in the order they were first set. */
    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    List<Listener> toList() {
        return new ArrayList<>(byName.values());
    }

    private void replaceBuiltIn() {
        if (!configured) {
            byName.clear();
            configured = true;
        }
    }
}
