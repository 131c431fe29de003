package io.warren.broker.auth;

/**
 * A user's topic permissions on one exchange, compiled with {@code {username}} and {@code {vhost}} replaced
 * by the user's and vhost's names (plain text replacement, as RabbitMQ does). Immutable, thread-safe.
 */
public final class TopicPermissions {
    private final TopicPermissionDefinition definition;
    private final PermissionPattern write;
    private final PermissionPattern read;

    private TopicPermissions(TopicPermissionDefinition definition) {
        this.definition = definition;
        this.write = PermissionPattern.compile(expand(definition.write(), definition));
        this.read = PermissionPattern.compile(expand(definition.read(), definition));
    }

    /** Compiles a definition; throws {@link UserAdminException} ({@code INVALID}) for a bad expression. */
    static TopicPermissions compile(TopicPermissionDefinition definition) {
        return new TopicPermissions(definition);
    }

    public TopicPermissionDefinition definition() {
        return definition;
    }

    /** Whether a publish ({@link Permission#WRITE}) or a binding ({@link Permission#READ}) with this key is allowed. */
    public boolean allows(Permission permission, String routingKey) {
        return switch (permission) {
            case WRITE -> write.matches(routingKey);
            case READ -> read.matches(routingKey);
            case CONFIGURE -> true;
        };
    }

    /** RabbitMQ maps the empty expression to {@code ^$} before it expands variables; so does this. */
    private static String expand(String regex, TopicPermissionDefinition definition) {
        if (regex.isEmpty()) return "^$";
        return regex.replace("{username}", definition.user()).replace("{vhost}", definition.vhost());
    }
}
