package io.warren.broker.connection;

import io.netty.channel.Channel;

/**
 * Whether a connection reads from its socket. Several things can stop it: its channels (a queue
 * asking its publishers to wait, the storage behind on their persistent messages, a backlog of
 * frames), each reason counted until it is lifted; a resource alarm; and replies piling up unread because the
 * client does not read (the socket is not writable): a client that never reads must not make the
 * broker buffer its replies without bound. As in RabbitMQ, an alarm blocks only
 * connections that publish: a connection that has published stops reading ("blocked"); one that
 * has not keeps reading ("blocking") until its first publish. Reading resumes when neither holds.
 * Confined to the connection's thread, except {@link #state}, which the management API reads.
 */
final class ReadGate {
    private final Channel socket;
    /** How many reasons of the connection's channels hold reading (queue back-pressure, storage backlog, ...). */
    private int pauses;
    private String alarm;
    private boolean published;
    private boolean backedUp;
    private volatile String state = "running";

    ReadGate(Channel socket) {
        this.socket = socket;
    }

    /** One more (true) or one fewer (false) reason of a channel to stop reading; calls come in pairs. */
    void paused(boolean paused) {
        pauses = Math.max(0, pauses + (paused ? 1 : -1));
        apply();
    }

    /** A basic.publish arrived on this connection. */
    void published() {
        if (published) return;
        published = true;
        if (alarm != null) apply();
    }

    /** The socket's writability changed: while it is not writable, requests (and their replies) wait. */
    void writable(boolean writable) {
        backedUp = !writable;
        apply();
    }

    /** The node's alarm changed: its reason, or null when it cleared. */
    void alarm(String reason) {
        alarm = reason;
        apply();
    }

    /**
     * RabbitMQ's name for the connection's state: "blocked" or "blocking" under an alarm, "flow" while
     * its channels hold reading (a queue pacing it, say), else "running". Any thread.
     */
    String state() {
        return state;
    }

    private void apply() {
        socket.config().setAutoRead(pauses == 0 && !backedUp && !(alarm != null && published));
        state = alarm != null ? (published ? "blocked" : "blocking") : pauses > 0 ? "flow" : "running";
    }
}
