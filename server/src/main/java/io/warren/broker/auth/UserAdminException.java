package io.warren.broker.auth;

/**
 * A refused change to the {@link UserDatabase}, with RabbitMQ's wording (as {@code rabbitmqctl} prints it)
 * and a reason the HTTP API and CLI map to their status codes.
 */
public final class UserAdminException extends RuntimeException {
    /** Why a change was refused. */
    public enum Reason { NO_SUCH_USER, USER_EXISTS, INVALID }

    private final Reason reason;

    public UserAdminException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static UserAdminException noSuchUser(String name) {
        return new UserAdminException(Reason.NO_SUCH_USER, "User \"" + name + "\" does not exist");
    }

    static UserAdminException userExists(String name) {
        return new UserAdminException(Reason.USER_EXISTS, "User \"" + name + "\" already exists");
    }
}
