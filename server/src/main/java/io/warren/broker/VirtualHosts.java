package io.warren.broker;

import io.netty.channel.EventLoopGroup;
import io.warren.broker.durable.Persistence;
import io.warren.broker.vhost.VirtualHost;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The node's virtual hosts by name. Thread-safe. */
public final class VirtualHosts {
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final EventLoopGroup queueLoops;
    private final Persistence persistence;
    private final Runnable durableChanged;

    /**
     * @param persistence    the node's storage, or null for none
     * @param durableChanged called after every change to durable state (the definitions file saves it)
     */
    public VirtualHosts(EventLoopGroup queueLoops, Persistence persistence, Runnable durableChanged) {
        this.queueLoops = queueLoops;
        this.persistence = persistence;
        this.durableChanged = durableChanged;
    }

    public VirtualHost get(String name) {
        return vhosts.get(name);
    }

    public boolean exists(String name) {
        return vhosts.containsKey(name);
    }

    /** Creates the vhost if it does not exist; returns it either way. */
    public VirtualHost add(String name) {
        VirtualHost[] created = new VirtualHost[1];
        VirtualHost vhost = vhosts.computeIfAbsent(name, n -> created[0] = new VirtualHost(n, queueLoops, persistence, durableChanged));
        if (created[0] != null) durableChanged.run();
        return vhost;
    }

    /**
     * Deletes a vhost and every queue in it (their messages and journals go). Its connections and
     * permissions are the caller's to close and clear. Returns the vhost, or null when there was none.
     */
    public VirtualHost remove(String name) {
        VirtualHost vhost = vhosts.remove(name);
        if (vhost == null) return null;
        for (var queue : java.util.List.copyOf(vhost.queues())) vhost.deleteQueue(queue, false, false);
        durableChanged.run();
        return vhost;
    }

    public Collection<VirtualHost> all() {
        return vhosts.values();
    }

    /** The node's storage, or null. */
    public Persistence persistence() {
        return persistence;
    }
}
