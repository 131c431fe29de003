package io.warren.broker;

import io.warren.config.BrokerConfig;
import io.warren.config.ConfigException;
import io.warren.config.ConfigLoader;
import io.warren.config.LogLevel;

/**
 * The {@code warren} command: loads the configuration (file, environment, flags), starts the
 * broker and stops it cleanly on SIGTERM or Ctrl-C, telling every client 320 CONNECTION_FORCED.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (ConfigLoader.helpRequested(args)) {
            System.out.println(ConfigLoader.usage());
            return;
        }
        BrokerConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("warren: configuration error: " + e.getMessage());
            System.exit(64);
            return;
        }
        // Before the first logger is created: logback.xml reads these.
        System.setProperty("warren.log.level", logbackLevel(config.logging().effectiveConsoleLevel()));
        System.setProperty("warren.log.console", Boolean.toString(config.logging().console()));
        Broker broker = new Broker(config);
        try {
            broker.start();
        } catch (Exception e) {
            System.err.println("warren: could not start: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            broker.close();
            System.exit(70);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "warren-shutdown"));
    }

    private static String logbackLevel(LogLevel level) {
        return switch (level.name().toLowerCase()) {
            case "debug" -> "DEBUG";
            case "warning" -> "WARN";
            case "error", "critical" -> "ERROR";
            case "none" -> "OFF";
            default -> "INFO";
        };
    }
}
