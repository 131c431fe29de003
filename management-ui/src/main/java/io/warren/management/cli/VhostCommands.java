package io.warren.management.cli;

import java.util.Map;

/** {@code add_vhost}, {@code delete_vhost}, {@code trace_on}, {@code trace_off}. */
final class VhostCommands {
    private VhostCommands() {}

    static void register(Map<String, Command> commands) {
        commands.put("add_vhost", VhostCommands::add);
        commands.put("delete_vhost", VhostCommands::delete);
        commands.put("trace_on", (o, c, out) -> trace(o, c, out, true));
        commands.put("trace_off", (o, c, out) -> trace(o, c, out, false));
    }

    private static int add(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String vhost = o.arguments.get(0);
        out.info("Adding vhost \"" + vhost + "\" ...");
        Command.expect(client.put(path(vhost), Map.of()), ExitCode.DATA_ERROR, 201, 204);
        return ExitCode.OK;
    }

    private static int delete(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String vhost = o.arguments.get(0);
        out.info("Deleting vhost \"" + vhost + "\" ...");
        if (client.delete(path(vhost)).status() == 404) {
            throw new CtlException(ExitCode.DATA_ERROR, "Virtual host '" + vhost + "' does not exist");
        }
        return ExitCode.OK;
    }

    private static int trace(CtlOptions o, ManagementClient client, Output out, boolean on) {
        Command.arguments(o, 0, 0);
        String vhost = o.vhost();
        out.info((on ? "Starting" : "Stopping") + " tracing for vhost \"" + vhost + "\" ...");
        if (client.get(path(vhost)).status() == 404) throw new CtlException(ExitCode.DATA_ERROR, "Virtual host '" + vhost + "' does not exist");
        Command.expect(client.put(path(vhost), Map.of("tracing", on)), ExitCode.DATA_ERROR, 201, 204);
        out.line("Trace " + (on ? "enabled" : "disabled") + " for vhost " + vhost);
        return ExitCode.OK;
    }

    static String path(String vhost) {
        return "/api/vhosts/" + ManagementClient.encode(vhost);
    }
}
