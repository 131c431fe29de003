package io.warren.broker.auth;

/**
 * The outcome of a login attempt: the user, or why it was refused. The reason is for the broker's log only;
 * clients are told just that the login was refused, as RabbitMQ does.
 *
 * @param username the authenticated user, or the name that was tried
 * @param refusal  null when the login succeeded, otherwise RabbitMQ's log wording of the reason
 */
public record Login(String username, String refusal) {
    static Login accepted(String username) {
        return new Login(username, null);
    }

    static Login refused(String username, String reason) {
        return new Login(username, reason);
    }

    public boolean succeeded() {
        return refusal == null;
    }
}
