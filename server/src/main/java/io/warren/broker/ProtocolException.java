package io.warren.broker;

import io.warren.codec.AmqpError;
import io.warren.codec.Method;

/**
 * Thrown by broker code when a client's request fails: carries the {@link AmqpError} the client
 * is sent. The connection catches it and closes the channel or the whole connection, as the
 * reply code demands. Stackless: it is control flow, not a bug report.
 */
public final class ProtocolException extends RuntimeException {
    private final AmqpError error;

    public ProtocolException(AmqpError error) {
        super(error.replyText(), null, false, false);
        this.error = error;
    }

    public static ProtocolException of(int replyCode, String explanation, Method cause) {
        return new ProtocolException(AmqpError.of(replyCode, explanation, cause));
    }

    public AmqpError error() {
        return error;
    }
}
