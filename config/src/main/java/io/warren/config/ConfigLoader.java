package io.warren.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link BrokerConfig} a node starts with. Sources are applied in this order, each
 * overriding the ones before it:
 * <ol>
 *   <li>the defaults ({@link BrokerConfig#defaults()}),</li>
 *   <li>the configuration file in RabbitMQ's {@code rabbitmq.conf} format, named by {@code --config FILE},
 *       {@code WARREN_CONFIG_FILE} or {@code RABBITMQ_CONFIG_FILE},</li>
 *   <li>environment variables such as {@code RABBITMQ_NODE_PORT},</li>
 *   <li>command-line flags such as {@code --port 5673} and {@code --set heartbeat=30}.</li>
 * </ol>
 * Anything unknown or invalid stops loading with a {@link ConfigException} that says where it was and
 * what is allowed. A typical {@code main}:
 * <pre>{@code
 * if (ConfigLoader.helpRequested(args)) { System.out.print(ConfigLoader.usage()); return; }
 * BrokerConfig config;
 * try { config = ConfigLoader.load(args); }
 * catch (ConfigException e) { System.err.println(e.getMessage()); System.exit(2); return; }
 * }</pre>
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /** {@link #load(String[], Map)} with the process environment. */
    public static BrokerConfig load(String[] args) {
        return load(args, System.getenv());
    }

    /**
     * The configuration from the defaults, the configuration file, {@code environment} and {@code args}.
     *
     * @param args        the command-line arguments
     * @param environment the environment variables (pass {@code System.getenv()} in production, a map in tests)
     * @throws ConfigException if a flag, key or value is unknown or invalid, or the file cannot be read
     */
    public static BrokerConfig load(String[] args, Map<String, String> environment) {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(environment, "environment");
        ParsedCommandLine commandLine = CommandLineFlags.parse(args);
        ConfigBuilder builder = ConfigBuilder.fromDefaults();
        ConfigFileLocator.locate(commandLine.configFile(), environment)
                .ifPresent(file -> applyFile(builder, read(file), file.toString()));
        EnvironmentVariables.apply(environment, builder);
        CommandLineFlags.apply(commandLine, builder);
        return builder.build();
    }

    /**
     * The configuration from the defaults and a configuration file's text, with no environment or flags.
     *
     * @param fileText   the file's content in {@code rabbitmq.conf} format
     * @param sourceName the file's name as error messages should show it, e.g. {@code warren.conf}
     * @throws ConfigException if a line, key or value is invalid
     */
    public static BrokerConfig parse(String fileText, String sourceName) {
        ConfigBuilder builder = ConfigBuilder.fromDefaults();
        applyFile(builder, fileText, sourceName);
        return builder.build();
    }

    /** Whether {@code args} ask for the usage text ({@code --help}); the caller then prints {@link #usage()}. */
    public static boolean helpRequested(String[] args) {
        return Arrays.asList(args).contains(CommandLineFlags.HELP);
    }

    /** The text describing the command-line flags and environment variables, for {@code --help}. */
    public static String usage() {
        return CommandLineFlags.usage();
    }

    private static void applyFile(ConfigBuilder builder, String text, String sourceName) {
        Map<String, String> firstSetAt = new HashMap<>();
        for (ConfFileParser.Entry entry : ConfFileParser.parse(text, sourceName)) {
            String earlier = firstSetAt.putIfAbsent(entry.key(), entry.where());
            if (earlier != null) {
                LOG.warn("{}: '{}' was already set at {}; the value on this line wins", entry.where(), entry.key(), earlier);
            }
            ConfigKeys.all().apply(builder, entry.key(), entry.value(), entry.where());
        }
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            LOG.info("Read configuration file {}", file);
            return text;
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "configuration file not found", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), "configuration file is not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read configuration file: " + e, e);
        }
    }
}
