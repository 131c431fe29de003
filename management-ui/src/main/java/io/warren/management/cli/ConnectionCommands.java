package io.warren.management.cli;

import java.util.List;
import java.util.Map;

/** {@code close_connection <connection> <explanation>} and {@code close_all_connections [-p vhost] [--global] <explanation>}. */
final class ConnectionCommands {
    private ConnectionCommands() {}

    static void register(Map<String, Command> commands) {
        commands.put("close_connection", ConnectionCommands::close);
        commands.put("close_all_connections", ConnectionCommands::closeAll);
    }

    /** The connection is named as {@code list_connections} shows it: its name, or its pid ({@code <name>}). */
    private static int close(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 2, 2);
        String connection = o.arguments.get(0);
        String reason = o.arguments.get(1);
        out.info("Closing connection " + connection + ", reason: " + reason + "...");
        String name = connection.startsWith("<") && connection.endsWith(">") ? connection.substring(1, connection.length() - 1) : connection;
        ManagementClient.Answer answer = client.delete("/api/connections/" + ManagementClient.encode(name), Map.of("X-Reason", reason));
        if (answer.status() == 404) throw new CtlException(ExitCode.UNAVAILABLE, "Error:\n{:invalid_pid_syntax, \"" + connection + "\"}");
        Command.expect(answer, ExitCode.UNAVAILABLE, 204);
        return ExitCode.OK;
    }

    @SuppressWarnings("unchecked")
    private static int closeAll(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String reason = o.arguments.get(0);
        boolean global = o.flag("global");
        out.info(global ? "Closing all connections to node " + client.node() + ", reason: " + reason + "..."
                : "Closing all connections in vhost " + o.vhost() + ", reason: " + reason + "...");
        String path = global ? "/api/connections" : "/api/vhosts/" + ManagementClient.encode(o.vhost()) + "/connections";
        ManagementClient.Answer listed = client.get(path);
        List<Map<String, Object>> connections = listed.status() == 200 && listed.json() instanceof List<?> list
                ? (List<Map<String, Object>>) list : List.of();
        int limit = o.value("limit") == null ? Integer.MAX_VALUE : Integer.parseInt(o.value("limit"));
        int closed = 0;
        for (Map<String, Object> connection : connections) {
            if (closed >= limit) break;
            ManagementClient.Answer answer = client.delete("/api/connections/" + ManagementClient.encode(String.valueOf(connection.get("name"))),
                    Map.of("X-Reason", reason));
            if (answer.status() == 204) closed++;
        }
        out.line("Closed " + closed + " connections");
        return ExitCode.OK;
    }
}
