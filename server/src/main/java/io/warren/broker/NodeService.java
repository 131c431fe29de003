package io.warren.broker;

/**
 * A part of the node that is not needed to move messages and starts and stops with the broker:
 * the management HTTP API and console, the Prometheus endpoint. Implementations are found on the
 * classpath with {@link java.util.ServiceLoader} (a {@code META-INF/services/io.warren.broker.NodeService}
 * file), so the server module does not depend on them. The broker starts each one after its
 * listeners are up and closes it first when it stops.
 */
public interface NodeService extends AutoCloseable {
    /** Starts the service for a broker that is running; a failure stops the broker's start. */
    void start(Broker broker) throws Exception;

    /** Stops the service; it is not started again. */
    @Override
    void close();
}
