package io.warren.broker.connection;

import io.warren.broker.VirtualHosts;
import io.warren.broker.auth.Authenticator;
import io.warren.broker.auth.UserDatabase;
import io.warren.config.AuthOptions;
import io.warren.config.Limits;
import java.util.Map;

/**
 * What every connection needs from the node: limits, identity, users and how they log in, vhosts and the registry.
 *
 * @param nodeName the node's name in RabbitMQ's texts, e.g. {@code warren@host}
 */
public record ConnectionContext(Limits limits, Map<String, Object> serverProperties, Authenticator authenticator,
                                UserDatabase users, AuthOptions auth, VirtualHosts virtualHosts,
                                ConnectionRegistry registry, String nodeName) {}
