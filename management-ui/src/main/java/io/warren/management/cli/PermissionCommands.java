package io.warren.management.cli;

import java.util.Map;

/** {@code set_permissions}, {@code clear_permissions}, {@code set_topic_permissions}, {@code clear_topic_permissions}. */
final class PermissionCommands {
    private PermissionCommands() {}

    static void register(Map<String, Command> commands) {
        commands.put("set_permissions", PermissionCommands::set);
        commands.put("clear_permissions", PermissionCommands::clear);
        commands.put("set_topic_permissions", PermissionCommands::setTopic);
        commands.put("clear_topic_permissions", PermissionCommands::clearTopic);
    }

    private static int set(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 4, 4);
        String user = o.arguments.get(0);
        out.info("Setting permissions for user \"" + user + "\" in vhost \"" + o.vhost() + "\" ...");
        check(client, user, o.vhost());
        Command.expect(client.put(path("permissions", o.vhost(), user), Map.of("configure", o.arguments.get(1),
                "write", o.arguments.get(2), "read", o.arguments.get(3))), ExitCode.DATA_ERROR, 201, 204);
        return ExitCode.OK;
    }

    private static int clear(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String user = o.arguments.get(0);
        out.info("Clearing permissions for user \"" + user + "\" in vhost \"" + o.vhost() + "\" ...");
        check(client, user, o.vhost());
        client.delete(path("permissions", o.vhost(), user));
        return ExitCode.OK;
    }

    private static int setTopic(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 4, 4);
        String user = o.arguments.get(0);
        String exchange = o.arguments.get(1);
        out.info("Setting topic permissions on \"" + exchange + "\" for user \"" + user + "\" in vhost \"" + o.vhost() + "\" ...");
        check(client, user, o.vhost());
        Command.expect(client.put(path("topic-permissions", o.vhost(), user), Map.of("exchange", exchange,
                "write", o.arguments.get(2), "read", o.arguments.get(3))), ExitCode.DATA_ERROR, 201, 204);
        return ExitCode.OK;
    }

    private static int clearTopic(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 2);
        String user = o.arguments.get(0);
        out.info("Clearing topic permissions" + (o.arguments.size() > 1 ? " on \"" + o.arguments.get(1) + "\"" : "")
                + " for user \"" + user + "\" in vhost \"" + o.vhost() + "\" ...");
        check(client, user, o.vhost());
        String path = path("topic-permissions", o.vhost(), user);
        if (o.arguments.size() > 1) path += "?exchange=" + ManagementClient.encode(o.arguments.get(1));
        client.delete(path);
        return ExitCode.OK;
    }

    /** rabbitmqctl's errors for a missing vhost (69) or user (67). */
    private static void check(ManagementClient client, String user, String vhost) {
        if (client.get(VhostCommands.path(vhost)).status() == 404) {
            throw new CtlException(ExitCode.UNAVAILABLE, "Virtual host " + vhost + " does not exist");
        }
        if (client.get("/api/users/" + ManagementClient.encode(user)).status() == 404) throw UserCommands.noSuchUser(user);
    }

    private static String path(String kind, String vhost, String user) {
        return "/api/" + kind + "/" + ManagementClient.encode(vhost) + "/" + ManagementClient.encode(user);
    }
}
