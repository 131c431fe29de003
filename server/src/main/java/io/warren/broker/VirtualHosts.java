package io.warren.broker;

import io.netty.channel.EventLoopGroup;
import io.warren.broker.vhost.VirtualHost;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The node's virtual hosts by name. Thread-safe. */
public final class VirtualHosts {
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final EventLoopGroup queueLoops;

    public VirtualHosts(EventLoopGroup queueLoops, String defaultVhost) {
        this.queueLoops = queueLoops;
        add(defaultVhost);
    }

    public VirtualHost get(String name) {
        return vhosts.get(name);
    }

    public boolean exists(String name) {
        return vhosts.containsKey(name);
    }

    /** Creates the vhost if it does not exist; returns it either way. */
    public VirtualHost add(String name) {
        return vhosts.computeIfAbsent(name, n -> new VirtualHost(n, queueLoops));
    }

    public Collection<VirtualHost> all() {
        return vhosts.values();
    }
}
