package io.warren.broker.connection;

import io.warren.codec.LongString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server-properties table of connection.start, shaped as RabbitMQ's: clients parse
 * {@code version} as x.y.z and switch behaviour on it, so it reports the RabbitMQ version whose
 * behaviour Warren follows; Warren's own name and version go in {@code product} and {@code information}.
 */
public final class ServerProperties {
    /** The RabbitMQ release whose behaviour Warren reproduces. */
    public static final String RABBITMQ_COMPATIBLE_VERSION = "3.10.8";
    public static final String PRODUCT = "Warren";
    public static final String PRODUCT_VERSION = "0.1.0";

    private ServerProperties() {}

    public static Map<String, Object> table(String clusterName) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        for (String capability : new String[] {"publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                "consumer_cancel_notify", "connection.blocked", "consumer_priorities",
                "authentication_failure_close", "per_consumer_qos", "direct_reply_to"}) {
            capabilities.put(capability, true);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("capabilities", capabilities);
        props.put("cluster_name", LongString.of(clusterName));
        props.put("copyright", LongString.of("Copyright (c) 2026 the Warren authors."));
        props.put("information", LongString.of(PRODUCT + " " + PRODUCT_VERSION
                + ", an AMQP 0-9-1 broker compatible with RabbitMQ " + RABBITMQ_COMPATIBLE_VERSION + "."));
        props.put("platform", LongString.of("Java/" + Runtime.version()));
        props.put("product", LongString.of(PRODUCT));
        props.put("version", LongString.of(RABBITMQ_COMPATIBLE_VERSION));
        return props;
    }
}
