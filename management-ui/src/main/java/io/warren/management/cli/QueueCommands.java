package io.warren.management.cli;

import java.util.Map;

/** {@code purge_queue [-p vhost] queue} and {@code delete_queue [-p vhost] [--if-empty] [--if-unused] queue}. */
final class QueueCommands {
    private QueueCommands() {}

    static void register(Map<String, Command> commands) {
        commands.put("purge_queue", QueueCommands::purge);
        commands.put("delete_queue", QueueCommands::delete);
    }

    private static int purge(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String queue = o.arguments.get(0);
        out.info("Purging queue '" + queue + "' in vhost '" + o.vhost() + "' ...");
        ManagementClient.Answer answer = client.delete(path(o.vhost(), queue) + "/contents");
        if (answer.status() == 404) throw new CtlException(ExitCode.UNAVAILABLE, "not_found");
        Command.expect(answer, ExitCode.UNAVAILABLE, 204);
        return ExitCode.OK;
    }

    private static int delete(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String queue = o.arguments.get(0);
        boolean ifEmpty = o.flag("if-empty");
        boolean ifUnused = o.flag("if-unused");
        String condition = ifEmpty && ifUnused ? " if queue is empty and if queue is unused" : ifEmpty ? " if queue is empty"
                : ifUnused ? " if queue is unused" : "";
        out.info("Deleting queue '" + queue + "' on vhost '" + o.vhost() + "'" + condition + " ...");
        ManagementClient.Answer shown = client.get(path(o.vhost(), queue));
        if (shown.status() == 404) throw new CtlException(ExitCode.USAGE, "Queue not found");
        Object ready = shown.json() instanceof Map<?, ?> json ? json.get("messages_ready") : 0;
        String query = (ifEmpty ? "if-empty=true" : "") + (ifEmpty && ifUnused ? "&" : "") + (ifUnused ? "if-unused=true" : "");
        ManagementClient.Answer answer = client.delete(path(o.vhost(), queue) + (query.isEmpty() ? "" : "?" + query));
        if (answer.status() == 400) {
            throw new CtlException(ExitCode.SOFTWARE, answer.reason().contains("in use") ? "Queue is in use" : "Queue is not empty");
        }
        Command.expect(answer, ExitCode.UNAVAILABLE, 204);
        out.line("Queue was successfully deleted with " + Values.text(ready) + " ready messages");
        return ExitCode.OK;
    }

    private static String path(String vhost, String queue) {
        return "/api/queues/" + ManagementClient.encode(vhost) + "/" + ManagementClient.encode(queue);
    }
}
