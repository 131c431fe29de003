package io.warren.broker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The node's virtual hosts by name. Thread-safe. */
public final class VirtualHosts {
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    public VirtualHosts(String defaultVhost) {
        names.add(defaultVhost);
    }

    public boolean exists(String name) {
        return names.contains(name);
    }

    public boolean add(String name) {
        return names.add(name);
    }

    public Set<String> names() {
        return Set.copyOf(names);
    }
}
