package io.warren.management.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code set_policy [-p vhost] [--priority n] [--apply-to queues|exchanges|all] name pattern definition} and {@code clear_policy}. */
final class PolicyCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyCommands() {}

    static void register(Map<String, Command> commands) {
        commands.put("set_policy", PolicyCommands::set);
        commands.put("clear_policy", PolicyCommands::clear);
    }

    private static int set(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 3, 3);
        String name = o.arguments.get(0);
        String pattern = o.arguments.get(1);
        String definition = o.arguments.get(2);
        String priority = o.value("priority", "0");
        out.info("Setting policy \"" + name + "\" for pattern \"" + pattern + "\" to \"" + definition + "\" with priority \""
                + priority + "\" for vhost \"" + o.vhost() + "\" ...");
        Object parsed;
        try {
            parsed = JSON.readValue(definition, Object.class);
        } catch (IOException e) {
            throw new CtlException(ExitCode.UNAVAILABLE, "JSON decoding error. Reason: badarg");
        }
        int priorityValue;
        try {
            priorityValue = Integer.parseInt(priority);
        } catch (NumberFormatException e) {
            throw CtlException.usage("Invalid options for this command:\n--priority : " + priority);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pattern", pattern);
        body.put("definition", parsed);
        body.put("priority", priorityValue);
        body.put("apply-to", o.value("apply-to", "all"));
        ManagementClient.Answer answer = client.put(path(o.vhost(), name), body);
        if (answer.status() == 404) throw new CtlException(ExitCode.UNAVAILABLE, "Virtual host " + o.vhost() + " does not exist");
        Command.expect(answer, ExitCode.DATA_ERROR, 201, 204);
        return ExitCode.OK;
    }

    private static int clear(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String name = o.arguments.get(0);
        out.info("Clearing policy \"" + name + "\" on vhost \"" + o.vhost() + "\" ...");
        if (client.delete(path(o.vhost(), name)).status() == 404) throw new CtlException(ExitCode.UNAVAILABLE, "Parameter does not exist");
        return ExitCode.OK;
    }

    private static String path(String vhost, String name) {
        return "/api/policies/" + ManagementClient.encode(vhost) + "/" + ManagementClient.encode(name);
    }
}
