package io.warren.broker.security;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * What the broker answered to an operation: allowed ({@code 200 OK}) or the code and text of the channel or
 * connection close it caused.
 */
record Outcome(int code, String text) {
    static final Outcome ALLOWED = new Outcome(200, "OK");

    /** An operation on a channel. */
    interface Action {
        void run(Channel channel) throws Exception;
    }

    boolean allowed() {
        return code == 200;
    }

    /**
     * Runs {@code action} on a fresh channel, then a synchronous no-op ({@code exchange.declare passive}, which no
     * permission guards) so that an asynchronous refusal (a publish) is in before it decides.
     */
    static Outcome of(Connection connection, Action action) throws Exception {
        Channel channel = connection.createChannel();
        try {
            action.run(channel);
            channel.exchangeDeclarePassive("amq.direct");
            channel.close();
            return ALLOWED;
        } catch (Exception e) {
            ShutdownSignalException signal = channel.getCloseReason();
            if (signal == null) signal = find(e);
            if (signal == null) throw e;
            return of(signal);
        }
    }

    static Outcome of(ShutdownSignalException signal) {
        Method reason = signal.getReason();
        if (reason instanceof AMQP.Channel.Close close) return new Outcome(close.getReplyCode(), close.getReplyText());
        if (reason instanceof AMQP.Connection.Close close) return new Outcome(close.getReplyCode(), close.getReplyText());
        return new Outcome(0, String.valueOf(reason));
    }

    private static ShutdownSignalException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s) return s;
        }
        return null;
    }

    @Override
    public String toString() {
        return allowed() ? "allowed" : code + " " + text;
    }
}
