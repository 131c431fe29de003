package io.warren.management.api;

import io.warren.broker.auth.Permission;
import io.warren.broker.auth.UserDatabase;
import io.warren.broker.auth.VhostPermissions;
import java.util.List;

/**
 * The authenticated user of one API request, with what its tags allow, as in RabbitMQ:
 * {@code management} may use the API for the vhosts it has permissions in; {@code policymaker}
 * also manages policies and parameters there; {@code monitoring} sees every vhost, connection,
 * channel and the nodes; {@code administrator} may do everything. {@link #control} is the
 * {@code warrenctl} control token's caller: an administrator with every permission.
 */
public record Caller(String name, List<String> tags, UserDatabase users, boolean control) {

    public boolean isAdministrator() {
        return control || tags.contains("administrator");
    }

    public boolean isMonitor() {
        return isAdministrator() || tags.contains("monitoring");
    }

    public boolean isPolicymaker() {
        return isAdministrator() || tags.contains("policymaker");
    }

    public boolean isManagement() {
        return isMonitor() || isPolicymaker() || tags.contains("management");
    }

    /** Whether the user has permissions in the vhost (and so may work in it). */
    public boolean hasVhostAccess(String vhost) {
        return control || users.permissions(name, vhost) != null;
    }

    /** Whether the user may see the vhost's objects: monitors see all. */
    public boolean canSee(String vhost) {
        return isMonitor() || hasVhostAccess(vhost);
    }

    /** Whether the permission's regular expression covers {@code resource} in the vhost. */
    public boolean allows(String vhost, Permission permission, String resource) {
        if (control) return true;
        VhostPermissions permissions = users.permissions(name, vhost);
        return permissions != null && permissions.allows(permission, resource);
    }

    /** Whether a connection or channel of {@code user} is visible: monitors see all, others their own. */
    public boolean canSeeUser(String user) {
        return isMonitor() || name.equals(user);
    }

    public void requireAdministrator() {
        if (!isAdministrator()) throw ApiException.notAuthorised("Not administrator user");
    }

    public void requireMonitor() {
        if (!isMonitor()) throw ApiException.notAuthorised("Not monitor user");
    }

    public void requirePolicymaker() {
        if (!isPolicymaker()) throw ApiException.notAuthorised("User not authorised to access object");
    }

    /** 401 "User not authorised to access virtual host" unless the user has permissions there. */
    public void requireVhostAccess(String vhost) {
        if (!hasVhostAccess(vhost)) throw ApiException.notAuthorised("User not authorised to access virtual host");
    }

    /** 401 unless the user may see the vhost's objects. */
    public void requireVisible(String vhost) {
        if (!canSee(vhost)) throw ApiException.notAuthorised("User not authorised to access virtual host");
    }

    /** RabbitMQ's 401 "Access refused." when a permission does not cover the resource. */
    public void require(String vhost, Permission permission, String resource) {
        if (!allows(vhost, permission, resource)) throw ApiException.notAuthorised("Access refused.");
    }
}
