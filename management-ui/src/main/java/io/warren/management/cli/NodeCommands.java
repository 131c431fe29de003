package io.warren.management.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node commands: {@code status}, {@code ping}, {@code await_startup}, {@code stop},
 * {@code stop_app}, {@code start_app}, {@code set_vm_memory_high_watermark} and
 * {@code set_disk_free_limit}. They use Warren's {@code /api/warren/} endpoints.
 */
final class NodeCommands {
    private NodeCommands() {}

    static void register(Map<String, Command> commands) {
        commands.put("status", NodeCommands::status);
        commands.put("ping", NodeCommands::ping);
        commands.put("await_startup", NodeCommands::awaitStartup);
        commands.put("stop", (o, c, out) -> control(o, c, out, "stop", "Stopping and halting node "));
        commands.put("stop_app", (o, c, out) -> control(o, c, out, "stop_app", "Stopping rabbit application on node "));
        commands.put("start_app", (o, c, out) -> control(o, c, out, "start_app", "Starting node "));
        commands.put("set_vm_memory_high_watermark", NodeCommands::memoryWatermark);
        commands.put("set_disk_free_limit", NodeCommands::diskFreeLimit);
    }

    @SuppressWarnings("unchecked")
    private static int status(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 0, 0);
        Map<String, Object> s = (Map<String, Object>) Command.expect(client.get("/api/warren/status"), ExitCode.UNAVAILABLE, 200).json();
        if (o.json()) {
            out.line(Output.write(s));
            return ExitCode.OK;
        }
        out.info("Status of node " + s.get("node_name") + " ...");
        out.line("Runtime\n");
        out.line("OS PID: " + s.get("pid"));
        out.line("OS: " + s.get("os"));
        out.line("Uptime (seconds): " + s.get("uptime"));
        out.line("Is under maintenance?: " + s.get("is_under_maintenance"));
        out.line("RabbitMQ version: " + s.get("rabbitmq_version"));
        out.line("Product name: " + s.get("product_name"));
        out.line("Product version: " + s.get("product_version"));
        out.line("Node name: " + s.get("node_name"));
        out.line("Erlang configuration: " + s.get("erlang_version"));
        out.line("Is the broker application running?: " + s.get("running"));
        out.line("Threads: " + s.get("threads"));
        out.line("\nPlugins\n");
        out.line("Enabled plugins:\n");
        for (Object plugin : (List<Object>) s.get("active_plugins")) out.line(" * " + plugin);
        out.line("\nData directory\n");
        out.line("Node data directory: " + s.get("data_directory"));
        out.line("\nAlarms\n");
        List<Object> alarms = (List<Object>) s.get("alarms");
        if (alarms.isEmpty()) out.line("(none)");
        for (Object alarm : alarms) out.line("Free disk space alarm".equals(alarm) ? String.valueOf(alarm) : "resource alarm: " + alarm);
        out.line("\nMemory\n");
        out.line("Total memory used: " + gb(s.get("memory_used")) + " gb");
        out.line("Calculation strategy: rss");
        out.line("Memory high watermark setting: " + s.get("vm_memory_high_watermark") + " of available memory, computed to: "
                + gb(s.get("vm_memory_limit")) + " gb");
        out.line("\nFree Disk Space\n");
        out.line("Low free disk space watermark: " + gb(s.get("disk_free_limit")) + " gb");
        out.line("Free disk space: " + gb(s.get("disk_free")) + " gb");
        out.line("\nTotals\n");
        out.line("\nListeners\n");
        for (Map<String, Object> listener : (List<Map<String, Object>>) s.get("listeners")) {
            out.line("Interface: " + listener.get("ip_address") + ", port: " + listener.get("port") + ", protocol: "
                    + listener.get("protocol") + ", purpose: " + listener.get("purpose"));
        }
        return ExitCode.OK;
    }

    private static int ping(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 0, 0);
        out.info("Will ping " + client.node() + ". This only checks if the node's management listener answers. Timeout: "
                + o.timeoutSeconds() * 1000 + " ms.");
        Command.expect(client.get("/api/warren/status"), ExitCode.UNAVAILABLE, 200);
        out.line("Ping succeeded");
        return ExitCode.OK;
    }

    /** Waits until the node answers and its broker application runs (up to {@code -t} seconds). */
    private static int awaitStartup(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 0, 0);
        long deadline = System.nanoTime() + o.timeoutSeconds() * 1_000_000_000L;
        CtlException last = null;
        while (System.nanoTime() < deadline) {
            try {
                ManagementClient.Answer answer = client.get("/api/warren/status");
                if (answer.status() == 200 && answer.json() instanceof Map<?, ?> s && Boolean.TRUE.equals(s.get("running"))) {
                    return ExitCode.OK;
                }
            } catch (CtlException e) {
                if (e.exitCode() != ExitCode.UNAVAILABLE && e.exitCode() != ExitCode.TEMP_FAIL) throw e;
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw last != null ? last : new CtlException(ExitCode.TEMP_FAIL, "the node did not finish starting within "
                + o.timeoutSeconds() + " seconds");
    }

    private static int control(CtlOptions o, ManagementClient client, Output out, String action, String info) {
        Command.arguments(o, 0, 0);
        out.info(info + client.node() + " ...");
        Command.expect(client.post("/api/warren/" + action, Map.of()), ExitCode.UNAVAILABLE, 204);
        return ExitCode.OK;
    }

    private static int memoryWatermark(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 2);
        Map<String, Object> body;
        String shown;
        if (o.arguments.get(0).equals("absolute")) {
            Command.arguments(o, 2, 2);
            long bytes = bytes(o.arguments.get(1));
            body = Map.of("absolute", bytes);
            shown = o.arguments.get(1);
        } else {
            Command.arguments(o, 1, 1);
            double fraction = fraction(o.arguments.get(0));
            body = Map.of("relative", fraction);
            shown = o.arguments.get(0);
        }
        out.info("Setting memory threshold on " + client.node() + " to " + shown + " ...");
        Command.expect(client.put("/api/warren/vm_memory_high_watermark", body), ExitCode.DATA_ERROR, 204);
        return ExitCode.OK;
    }

    private static int diskFreeLimit(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 2);
        Map<String, Object> body;
        if (o.arguments.get(0).equals("mem_relative")) {
            Command.arguments(o, 2, 2);
            double fraction = fraction(o.arguments.get(1));
            body = Map.of("relative", fraction);
            out.info("Setting disk free limit on " + client.node() + " to " + o.arguments.get(1) + " times the total RAM ...");
        } else {
            Command.arguments(o, 1, 1);
            long bytes = bytes(o.arguments.get(0));
            body = Map.of("absolute", bytes);
            out.info("Setting disk free limit on " + client.node() + " to " + o.arguments.get(0) + " bytes ...");
        }
        Command.expect(client.put("/api/warren/disk_free_limit", body), ExitCode.DATA_ERROR, 204);
        return ExitCode.OK;
    }

    private static double fraction(String text) {
        try {
            double value = Double.parseDouble(text);
            if (value < 0) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw CtlException.usage("The threshold should be a fraction between 0.0 and 1.0");
        }
    }

    /** A size as rabbitmqctl takes it: bytes, or a number with kB/MB/GB (powers of 1000) or k/kiB/M/MiB/G/GiB (1024). */
    static long bytes(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        if (i == 0) throw CtlException.usage("Invalid memory value: " + text);
        double number = Double.parseDouble(t.substring(0, i));
        long unit = switch (t.substring(i).trim().toLowerCase(Locale.ROOT)) {
            case "" -> 1;
            case "kb" -> 1_000;
            case "k", "kib" -> 1_024;
            case "mb" -> 1_000_000;
            case "m", "mib" -> 1_048_576;
            case "gb" -> 1_000_000_000;
            case "g", "gib" -> 1_073_741_824;
            case "tb" -> 1_000_000_000_000L;
            case "t", "tib" -> 1_099_511_627_776L;
            default -> throw CtlException.usage("Invalid memory value: " + text);
        };
        return (long) (number * unit);
    }

    private static String gb(Object bytes) {
        double value = bytes instanceof Number n ? n.doubleValue() / 1e9 : 0;
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
