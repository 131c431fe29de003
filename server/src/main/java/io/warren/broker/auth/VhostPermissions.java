package io.warren.broker.auth;

/** A user's configure, write and read permissions in one virtual host, compiled. Immutable, thread-safe. */
public final class VhostPermissions {
    private final PermissionDefinition definition;
    private final PermissionPattern configure;
    private final PermissionPattern write;
    private final PermissionPattern read;

    private VhostPermissions(PermissionDefinition definition) {
        this.definition = definition;
        this.configure = PermissionPattern.compile(definition.configure());
        this.write = PermissionPattern.compile(definition.write());
        this.read = PermissionPattern.compile(definition.read());
    }

    /** Compiles a definition; throws {@link UserAdminException} ({@code INVALID}) for a bad expression. */
    static VhostPermissions compile(PermissionDefinition definition) {
        return new VhostPermissions(definition);
    }

    public PermissionDefinition definition() {
        return definition;
    }

    /** Whether the permission covers the resource called {@code name} (the default exchange is {@code amq.default}). */
    public boolean allows(Permission permission, String name) {
        return switch (permission) {
            case CONFIGURE -> configure.matches(name);
            case WRITE -> write.matches(name);
            case READ -> read.matches(name);
        };
    }
}
