package io.warren.config;

import static io.warren.config.ListenerAddressParser.host;
import static io.warren.config.Setting.named;
import static io.warren.config.ValueParsers.nonEmptyText;
import static io.warren.config.ValueParsers.path;
import static io.warren.config.ValueParsers.port;

import java.util.List;
import java.util.Map;

/**
 * The environment variables that override the configuration file: RabbitMQ's {@code RABBITMQ_*}
 * variables and Warren's {@code WARREN_*}. Unset or blank variables are ignored. (The variables naming
 * the configuration file itself are handled by {@link ConfigFileLocator}.)
 */
final class EnvironmentVariables {

    private record Variable(Setting<?> setting, String description) {
    }

    private static final List<Variable> VARIABLES = List.of(
            new Variable(named("RABBITMQ_NODE_PORT", port(), ConfigBuilder::defaultTcpPort),
                    "port of the default AMQP listener"),
            new Variable(named("RABBITMQ_NODE_IP_ADDRESS", host(), ConfigBuilder::defaultTcpHost),
                    "interface of the default AMQP listener"),
            new Variable(named("RABBITMQ_DEFAULT_USER", nonEmptyText(), (b, user) -> b.defaultUser = user),
                    "user created on first start (default_user)"),
            new Variable(named("RABBITMQ_DEFAULT_PASS", nonEmptyText(), (b, pass) -> b.defaultPass = pass),
                    "that user's password (default_pass)"),
            new Variable(named("RABBITMQ_DEFAULT_VHOST", nonEmptyText(), (b, vhost) -> b.defaultVhost = vhost),
                    "virtual host created on first start (default_vhost)"),
            new Variable(named("WARREN_DATA_DIR", path(), (b, dir) -> b.dataDir = dir),
                    "directory for persistent data (warren.data_dir)"));

    private EnvironmentVariables() {
    }

    /**
     * Applies the variables set in {@code environment} to {@code builder}.
     *
     * @throws ConfigException naming the variable if its value is not acceptable
     */
    static void apply(Map<String, String> environment, ConfigBuilder builder) {
        for (Variable variable : VARIABLES) {
            String name = variable.setting().name();
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                variable.setting().apply(builder, name, value.strip(), "environment variable " + name);
            }
        }
    }

    /** One line per variable, {@code NAME  description}, for the usage text. */
    static List<String> descriptions() {
        return VARIABLES.stream()
                .map(v -> String.format("  %-26s %s", v.setting().name(), v.description()))
                .toList();
    }
}
