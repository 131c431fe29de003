package io.warren.management;

import io.warren.broker.Broker;
import io.warren.broker.NodeService;
import io.warren.config.BrokerConfig;
import io.warren.management.api.ApiContext;
import io.warren.management.api.BasicAuth;
import io.warren.management.api.ManagementApi;
import io.warren.management.http.HttpListener;
import io.warren.management.prometheus.PrometheusEndpoint;
import io.warren.management.stats.RateSampler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's operations side, started by the broker through {@link java.util.ServiceLoader}: the
 * management HTTP API and console on {@code management.tcp.port} (15672), Prometheus metrics on
 * {@code prometheus.tcp.port} (15692), the statistics sampler, and the {@code warrenctl} control
 * token. It keeps running while the broker application is stopped ({@code stop_app}).
 */
public final class ManagementService implements NodeService {
    private static final Logger log = LoggerFactory.getLogger(ManagementService.class);

    private Broker broker;
    private RateSampler sampler;
    private HttpListener management;
    private HttpListener prometheus;
    private ControlToken token;

    @Override
    public void start(Broker broker) throws Exception {
        this.broker = broker;
        BrokerConfig config = broker.config();
        sampler = new RateSampler(() -> broker, config.collectStatisticsInterval().toMillis());
        ApiContext context = new ApiContext(broker, sampler);
        token = ControlToken.generate();
        BasicAuth auth = new BasicAuth(broker::users, config.loopbackUsers(), token.secret());
        try {
            management = HttpListener.bind("management", config.management().tcp(), 4,
                    new ManagementApi(context, auth, this::stopNode));
            prometheus = HttpListener.bind("prometheus", config.prometheus(), 1, new PrometheusEndpoint(broker));
        } catch (Exception e) {
            close();
            throw new java.io.IOException("the management or Prometheus listener (" + config.management().tcp() + ", "
                    + config.prometheus() + "): " + e.getMessage(), e);
        }
        List<ApiContext.ListenerInfo> listeners = new ArrayList<>();
        listeners.add(new ApiContext.ListenerInfo("http", managementAddress()));
        listeners.add(new ApiContext.ListenerInfo("http/prometheus", prometheusAddress()));
        context.httpListeners(listeners);
        token.publish(managementAddress().getPort());
        sampler.start();
        log.info("Management API and console on http://{}:{}/, Prometheus metrics on {}/metrics",
                hostOf(managementAddress()), managementAddress().getPort(), prometheusAddress());
    }

    /** Where the management API listens (the bound port when 0 was configured). */
    public InetSocketAddress managementAddress() {
        return management.localAddress();
    }

    /** Where Prometheus metrics are served. */
    public InetSocketAddress prometheusAddress() {
        return prometheus.localAddress();
    }

    /** The statistics sampler (tests take samples on demand). */
    public RateSampler sampler() {
        return sampler;
    }

    /** {@code warrenctl stop}: the whole node goes, then the process exits if the broker ran from {@code bin/warren}. */
    private void stopNode() {
        log.info("Stopping the node on request (warrenctl stop)");
        broker.close();
        if (Boolean.getBoolean("warren.exitOnStop")) System.exit(0);
    }

    @Override
    public void close() {
        if (sampler != null) sampler.close();
        if (token != null) token.remove();
        if (management != null) management.close();
        if (prometheus != null) prometheus.close();
    }

    private static String hostOf(InetSocketAddress address) {
        return address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
    }
}
