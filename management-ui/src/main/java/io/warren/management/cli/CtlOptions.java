package io.warren.management.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line split into rabbitmqctl's global options, the command's own options and its
 * positional arguments. Options may come before or after the command, as with rabbitmqctl.
 */
final class CtlOptions {
    /** Options that take a value, by every spelling. */
    private static final Map<String, String> VALUED = Map.ofEntries(
            Map.entry("-n", "node"), Map.entry("--node", "node"), Map.entry("-p", "vhost"), Map.entry("--vhost", "vhost"),
            Map.entry("-t", "timeout"), Map.entry("--timeout", "timeout"), Map.entry("--formatter", "formatter"),
            Map.entry("--priority", "priority"), Map.entry("--apply-to", "apply-to"), Map.entry("--username", "username"),
            Map.entry("--password", "password"), Map.entry("--limit", "limit"), Map.entry("--per-connection-delay", "delay"));
    /** Flags, by every spelling. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("-q", "quiet"), Map.entry("--quiet", "quiet"), Map.entry("-s", "silent"), Map.entry("--silent", "silent"),
            Map.entry("--no-table-headers", "no-table-headers"), Map.entry("-l", "longnames"), Map.entry("--longnames", "longnames"),
            Map.entry("-e", "if-empty"), Map.entry("--if-empty", "if-empty"), Map.entry("-u", "if-unused"),
            Map.entry("--if-unused", "if-unused"), Map.entry("--global", "global"), Map.entry("-a", "global"),
            Map.entry("--online", "ignored"), Map.entry("--offline", "ignored"), Map.entry("--local", "ignored"),
            Map.entry("--help", "help"), Map.entry("-?", "help"), Map.entry("-h", "help"));

    final String command;
    final List<String> arguments;
    private final Map<String, String> values;
    private final Set<String> flags;

    private CtlOptions(String command, List<String> arguments, Map<String, String> values, Set<String> flags) {
        this.command = command;
        this.arguments = arguments;
        this.values = values;
        this.flags = flags;
    }

    static CtlOptions parse(String[] args) {
        String command = null;
        List<String> positional = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        java.util.HashSet<String> flags = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                inlineValue = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            if (VALUED.containsKey(arg)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length) throw CtlException.usage("Invalid options for this command:\n" + arg + " : ");
                    value = args[++i];
                }
                values.put(VALUED.get(arg), value);
            } else if (FLAGS.containsKey(arg)) {
                flags.add(FLAGS.get(arg));
            } else if (arg.startsWith("-") && arg.length() > 1 && !isNumber(arg)) {
                throw CtlException.usage("Invalid options for this command:\n" + arg + " : ");
            } else if (command == null) {
                command = arg;
            } else {
                positional.add(arg);
            }
        }
        return new CtlOptions(command, List.copyOf(positional), values, Set.copyOf(flags));
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    String value(String name) {
        return values.get(name);
    }

    String value(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** {@code -p}, or {@code /}. */
    String vhost() {
        return value("vhost", "/");
    }

    /** {@code -q}: no info line. {@code -s} implies it. */
    boolean quiet() {
        return flag("quiet") || flag("silent");
    }

    /** {@code -s} or {@code --no-table-headers}: no header row either. */
    boolean noHeaders() {
        return flag("silent") || flag("no-table-headers");
    }

    boolean json() {
        return "json".equals(value("formatter"));
    }

    /** The request timeout in seconds ({@code -t}), 60 by default as rabbitmqctl's. */
    int timeoutSeconds() {
        try {
            return Integer.parseInt(value("timeout", "60"));
        } catch (NumberFormatException e) {
            throw CtlException.usage("Invalid options for this command:\n--timeout : " + value("timeout"));
        }
    }
}
