package io.warren.broker.connection;

import io.warren.broker.ProtocolException;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.Method;
import io.warren.codec.ReplyCode;

/**
 * The checks of connection.open after the vhost is found, in RabbitMQ's order and with its 530 texts: the node's
 * {@code connection_max}, the vhost's {@code max-connections}, then the user's access to the vhost (any
 * permissions there). A connection that passes is counted in the {@link ConnectionRegistry}.
 */
final class ConnectionAdmission {
    private ConnectionAdmission() {}

    static void admit(AmqpConnection connection, VirtualHost vhost, String user, ConnectionContext context, Method cause) {
        int nodeLimit = context.limits().connectionMax();
        int vhostLimit = vhost.limits().maxConnections();
        switch (context.registry().admit(connection, vhost.name(), nodeLimit, vhostLimit)) {
            case NODE_LIMIT -> throw ProtocolException.of(ReplyCode.NOT_ALLOWED,
                    "connection refused: node connection limit (" + nodeLimit + ") is reached", cause);
            case VHOST_LIMIT -> throw ProtocolException.of(ReplyCode.NOT_ALLOWED, "access to vhost '" + vhost.name()
                    + "' refused for user '" + user + "': connection limit (" + vhostLimit + ") is reached", cause);
            case NONE -> { }
        }
        if (context.users().permissions(user, vhost.name()) == null) {
            context.registry().remove(connection, vhost.name());
            throw ProtocolException.of(ReplyCode.NOT_ALLOWED,
                    "access to vhost '" + vhost.name() + "' refused for user '" + user + "'", cause);
        }
    }
}
