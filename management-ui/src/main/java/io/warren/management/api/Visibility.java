package io.warren.management.api;

import io.warren.broker.vhost.VirtualHost;
import java.util.List;

/** Which virtual hosts a caller's list requests cover: one named vhost, or every vhost it may see. */
final class Visibility {
    private Visibility() {}

    /**
     * The vhosts a list endpoint covers: the path's {@code {vhost}} (404 when it does not exist, 401 when the
     * caller may not see it), else all the vhosts the caller may see.
     */
    static List<VirtualHost> vhosts(ApiContext context, Call call) {
        if (call.has("vhost")) {
            VirtualHost vhost = context.vhostOrNotFound(call.param("vhost"));
            call.caller().requireVisible(vhost.name());
            return List.of(vhost);
        }
        return context.vhosts().all().stream().filter(v -> call.caller().canSee(v.name())).toList();
    }
}
