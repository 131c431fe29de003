package io.warren.broker.auth;

/**
 * One change to a {@link UserDatabase}, as told to its change listeners.
 *
 * @param kind     what changed
 * @param user     the user concerned; null for {@link Kind#RESTORED} and {@link Kind#VHOST_CLEARED}
 * @param vhost    the virtual host concerned, for permission changes; otherwise null
 * @param exchange the exchange concerned, for a topic permission on one exchange; otherwise null
 */
public record UserDatabaseChange(Kind kind, String user, String vhost, String exchange) {
    /** The kinds of change. */
    public enum Kind {
        USER_ADDED, USER_DELETED, PASSWORD_CHANGED, TAGS_CHANGED,
        PERMISSIONS_SET, PERMISSIONS_CLEARED, TOPIC_PERMISSIONS_SET, TOPIC_PERMISSIONS_CLEARED,
        /** Every permission in a virtual host went with it. */
        VHOST_CLEARED,
        /** The whole database was replaced ({@link UserDatabase#restore}). */
        RESTORED
    }
}
