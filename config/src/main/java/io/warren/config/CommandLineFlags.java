package io.warren.config;

import static io.warren.config.ListenerAddressParser.host;
import static io.warren.config.Setting.named;
import static io.warren.config.ValueParsers.path;
import static io.warren.config.ValueParsers.port;

import io.warren.config.ParsedCommandLine.FlagValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The command-line flags: what each means, how the arguments are split ({@code --flag value} or
 * {@code --flag=value}), and how their values are applied. Flags are applied in the order given,
 * after the configuration file and the environment.
 */
final class CommandLineFlags {

    static final String CONFIG = "--config";
    static final String SET = "--set";
    static final String HELP = "--help";

    private static final String WHERE = "command line";

    /**
     * One flag.
     *
     * @param name        the flag including the dashes
     * @param argument    the placeholder for its value in the usage text, empty if it takes none
     * @param description what it does
     * @param setting     how its value is parsed and applied; empty for flags handled specially
     */
    private record Flag(String name, String argument, String description, Optional<Setting<?>> setting) {
        boolean takesValue() {
            return !argument.isEmpty();
        }

        String synopsis() {
            return takesValue() ? name + " " + argument : name;
        }
    }

    private static final List<Flag> FLAGS = List.of(
            new Flag(CONFIG, "FILE", "read settings from FILE (rabbitmq.conf format: key = value lines)",
                    Optional.empty()),
            new Flag("--data-dir", "DIR", "keep persistent data in DIR (warren.data_dir)",
                    Optional.of(named("--data-dir", path(), (b, dir) -> b.dataDir = dir))),
            new Flag("--port", "N", "AMQP port of the default TCP listener",
                    Optional.of(named("--port", port(), ConfigBuilder::defaultTcpPort))),
            new Flag("--bind", "HOST", "interface of the default TCP listener (e.g. 127.0.0.1 or ::1)",
                    Optional.of(named("--bind", host(), ConfigBuilder::defaultTcpHost))),
            new Flag("--management-port", "N", "port of the management HTTP API (management.tcp.port)",
                    Optional.of(named("--management-port", port(),
                            (b, port) -> b.managementTcp = new Listener(b.managementTcp.host(), port)))),
            new Flag("--prometheus-port", "N", "port of the Prometheus metrics endpoint (prometheus.tcp.port)",
                    Optional.of(named("--prometheus-port", port(),
                            (b, port) -> b.prometheus = new Listener(b.prometheus.host(), port)))),
            new Flag(SET, "KEY=VALUE", "set any configuration key, as in the file; may be repeated",
                    Optional.empty()),
            new Flag(HELP, "", "print this text and exit", Optional.empty()));

    private CommandLineFlags() {
    }

    /**
     * Splits {@code args} into flags and values, checking that every flag is known and has its value.
     *
     * @throws ConfigException naming the offending argument
     */
    static ParsedCommandLine parse(String[] args) {
        Optional<String> configFile = Optional.empty();
        List<FlagValue> overrides = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigException(WHERE, "unexpected argument '" + arg + "'; flags start with '--'. "
                        + knownFlags());
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            Flag flag = find(name).orElseThrow(() -> unknownFlag(name));
            String value = equals < 0 ? null : arg.substring(equals + 1);
            if (flag.takesValue() && value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new ConfigException(WHERE, "flag " + name + " needs a value: " + flag.synopsis());
                }
                value = args[++i];
            } else if (!flag.takesValue() && value != null) {
                throw new ConfigException(WHERE, "flag " + name + " takes no value");
            }
            switch (name) {
                case HELP -> help = true;
                case CONFIG -> configFile = Optional.of(value);
                default -> overrides.add(new FlagValue(name, value));
            }
        }
        return new ParsedCommandLine(configFile, overrides, help);
    }

    /**
     * Applies the flags' values to {@code builder}, in command-line order.
     *
     * @throws ConfigException naming the flag if a value is not acceptable
     */
    static void apply(ParsedCommandLine commandLine, ConfigBuilder builder) {
        for (FlagValue override : commandLine.overrides()) {
            String where = "command-line flag " + override.flag();
            if (override.flag().equals(SET)) {
                applySet(override.value(), builder, where);
            } else {
                Setting<?> setting = find(override.flag()).flatMap(Flag::setting).orElseThrow();
                setting.apply(builder, override.flag(), override.value().strip(), where);
            }
        }
    }

    private static void applySet(String assignment, ConfigBuilder builder, String where) {
        int equals = assignment.indexOf('=');
        if (equals < 0) {
            throw new ConfigException(where, "expected " + SET + " KEY=VALUE but found '" + assignment + "'");
        }
        String key = assignment.substring(0, equals).strip();
        String value = assignment.substring(equals + 1).strip();
        ConfigKeys.all().apply(builder, key, value, where);
    }

    /** The usage text: flags, environment variables, and where the configuration keys are described. */
    static String usage() {
        StringBuilder text = new StringBuilder()
                .append("Usage: warren [FLAG]...\n\n")
                .append("Settings come from defaults, then the configuration file, then environment variables,\n")
                .append("then flags; later sources override earlier ones.\n\n")
                .append("Flags (also written --flag=value):\n");
        for (Flag flag : FLAGS) {
            text.append(String.format("  %-26s %s\n", flag.synopsis(), flag.description()));
        }
        text.append("\nEnvironment variables:\n");
        text.append(String.format("  %-26s %s\n", String.join(", ", ConfigFileLocator.VARIABLES),
                "configuration file when --config is not given (.conf is appended if missing)"));
        EnvironmentVariables.descriptions().forEach(line -> text.append(line).append('\n'));
        text.append("\nConfiguration keys are listed in ").append(ConfigKeys.DOCUMENTATION).append('\n');
        return text.toString();
    }

    /** Every flag name, e.g. {@code --port}. */
    static List<String> names() {
        return FLAGS.stream().map(Flag::name).toList();
    }

    private static Optional<Flag> find(String name) {
        return FLAGS.stream().filter(flag -> flag.name().equals(name)).findFirst();
    }

    private static ConfigException unknownFlag(String name) {
        String hint = DidYouMean.closest(name, names()).map(known -> " (did you mean '" + known + "'?)").orElse("");
        return new ConfigException(WHERE, "unknown flag '" + name + "'" + hint + ". " + knownFlags());
    }

    private static String knownFlags() {
        return "Known flags: " + FLAGS.stream().map(Flag::synopsis).collect(Collectors.joining(", "));
    }
}
