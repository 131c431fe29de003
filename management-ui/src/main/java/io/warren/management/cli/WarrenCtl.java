package io.warren.management.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code warrenctl}: rabbitmqctl's commands, options, output and exit codes for a Warren node,
 * over the node's management HTTP API. {@code bin/warrenctl} runs it.
 */
public final class WarrenCtl {
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Map<String, ListSpec> lists = ListCommands.specs();
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    /** A warrenctl writing to {@code out} and {@code err}, with {@code environment} for its WARRENCTL_* variables. */
    public WarrenCtl(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        lists.forEach((name, spec) -> commands.put(name, (o, client, output) -> ListCommands.run(spec, o, client, output)));
        UserCommands.register(commands);
        VhostCommands.register(commands);
        PermissionCommands.register(commands);
        PolicyCommands.register(commands);
        QueueCommands.register(commands);
        ConnectionCommands.register(commands);
        DefinitionCommands.register(commands);
        NodeCommands.register(commands);
    }

    public static void main(String[] args) {
        System.exit(new WarrenCtl(System.out, System.err, System.getenv()).run(args));
    }

    /** Runs one command line; returns the exit code. */
    public int run(String... args) {
        CtlOptions options;
        try {
            options = CtlOptions.parse(args);
        } catch (CtlException e) {
            return fail(e, args, null);
        }
        if (options.command == null || options.command.equals("help") || (options.flag("help") && options.command == null)) {
            usage(out);
            return options.command == null && !options.flag("help") ? ExitCode.USAGE : ExitCode.OK;
        }
        Command command = commands.get(options.command);
        if (command == null) {
            err.println();
            err.println("Command '" + options.command + "' not found. ");
            err.println();
            usage(err);
            return ExitCode.USAGE;
        }
        if (options.flag("help")) {
            out.println("Usage\n\nwarrenctl [-n HOST:PORT] [-q] [-s] [--formatter json] " + options.command + " ...");
            return ExitCode.OK;
        }
        try {
            ManagementClient client = new ManagementClient(options, environment);
            return command.run(options, client, new Output(out, options));
        } catch (CtlException e) {
            return fail(e, args, options.command);
        }
    }

    private int fail(CtlException e, String[] args, String command) {
        if (e.isUsage()) {
            err.println("Error (argument validation): " + e.getMessage());
            err.println("Arguments given:");
            err.println("\t" + String.join(" ", args));
            err.println();
            err.println("Usage");
            err.println();
            err.println("warrenctl [-n HOST:PORT] [--quiet] " + (command == null ? "<command>" : command) + " ...");
        } else {
            err.println("Error:");
            err.println(e.getMessage());
        }
        return e.exitCode();
    }

    private void usage(PrintStream stream) {
        stream.println("Usage\n");
        stream.println("warrenctl [-n HOST:PORT] [--timeout <timeout>] [--quiet] [--silent] [--formatter json] <command> [<command options>]\n");
        stream.println("Talks to the node's management API (default 127.0.0.1:15672) with the node's local control token,");
        stream.println("or --username/--password (WARRENCTL_USERNAME/WARRENCTL_PASSWORD).\n");
        stream.println("Available commands:\n");
        for (String name : new TreeSet<>(commands.keySet())) stream.println("   " + name);
    }
}
