package io.warren.management.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code export_definitions <file | ->} and {@code import_definitions <file>}, in RabbitMQ's JSON format. */
final class DefinitionCommands {
    private DefinitionCommands() {}

    static void register(Map<String, Command> commands) {
        commands.put("export_definitions", DefinitionCommands::export);
        commands.put("import_definitions", DefinitionCommands::importDefinitions);
    }

    private static int export(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String target = o.arguments.get(0);
        boolean stdout = target.equals("-");
        if (!stdout) out.info("Exporting definitions in JSON to a file at \"" + target + "\" ...");
        ManagementClient.Answer answer = Command.expect(client.get("/api/definitions"), ExitCode.UNAVAILABLE, 200);
        if (stdout) {
            out.line(answer.body());
            return ExitCode.OK;
        }
        try {
            Files.writeString(Path.of(target), answer.body());
        } catch (IOException e) {
            throw new CtlException(ExitCode.SOFTWARE, "could not write " + target + ": " + e.getMessage());
        }
        return ExitCode.OK;
    }

    private static int importDefinitions(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String source = o.arguments.get(0);
        out.info("Importing definitions in JSON from a file at \"" + source + "\" ...");
        byte[] body;
        try {
            body = source.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(source));
        } catch (IOException e) {
            throw new CtlException(ExitCode.DATA_ERROR, "could not read " + source + ": " + e.getMessage());
        }
        Command.expect(client.post("/api/definitions", body), ExitCode.DATA_ERROR, 204, 200, 201);
        out.line("Successfully started definition import. This process is asynchronous and can take some time.");
        return ExitCode.OK;
    }
}
