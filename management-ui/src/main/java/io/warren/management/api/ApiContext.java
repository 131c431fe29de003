package io.warren.management.api;

import io.warren.broker.Broker;
import io.warren.broker.VirtualHosts;
import io.warren.broker.auth.UserDatabase;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.stats.RateSampler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What every endpoint needs: the broker (read afresh each time, since {@code start_app} replaces
 * its virtual hosts and users), the rate sampler, the node's name and the bound HTTP and
 * Prometheus addresses.
 */
public final class ApiContext {
    /** How long an endpoint waits for a queue's answer before giving up. */
    static final long QUEUE_TIMEOUT_MS = 5_000;

    private final Broker broker;
    private final RateSampler sampler;
    private volatile List<ListenerInfo> httpListeners = List.of();

    /** A listener as {@code /api/overview} lists it. */
    public record ListenerInfo(String protocol, InetSocketAddress address) {}

    public ApiContext(Broker broker, RateSampler sampler) {
        this.broker = broker;
        this.sampler = sampler;
    }

    public Broker broker() {
        return broker;
    }

    public RateSampler sampler() {
        return sampler;
    }

    public VirtualHosts vhosts() {
        return broker.virtualHosts();
    }

    public UserDatabase users() {
        return broker.users();
    }

    public String nodeName() {
        return broker.nodeName();
    }

    public String clusterName() {
        return broker.config().clusterName().orElse(nodeName());
    }

    /** The vhost, or 404 vhost_not_found. */
    public VirtualHost vhost(String name) {
        VirtualHost vhost = vhosts().get(name);
        if (vhost == null) throw ApiException.vhostNotFound();
        return vhost;
    }

    /** The vhost, or 404 Object Not Found (for reading). */
    public VirtualHost vhostOrNotFound(String name) {
        VirtualHost vhost = vhosts().get(name);
        if (vhost == null) throw ApiException.notFound();
        return vhost;
    }

    public void httpListeners(List<ListenerInfo> listeners) {
        httpListeners = List.copyOf(listeners);
    }

    public List<ListenerInfo> httpListeners() {
        return httpListeners;
    }

    /** Waits for a queue's answer (bounded). */
    public static <T> T await(CompletableFuture<T> answer) throws Exception {
        return answer.get(QUEUE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
