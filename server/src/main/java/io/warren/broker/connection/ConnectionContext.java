package io.warren.broker.connection;

import io.warren.broker.VirtualHosts;
import io.warren.broker.auth.Authenticator;
import io.warren.config.Limits;
import java.util.Map;

/** What every connection needs from the node: limits, identity, users, vhosts and the registry. */
public record ConnectionContext(Limits limits, Map<String, Object> serverProperties, Authenticator authenticator,
                                VirtualHosts virtualHosts, ConnectionRegistry registry) {}
