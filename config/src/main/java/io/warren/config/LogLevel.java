package io.warren.config;

/**
 * How much a log output writes, as named by RabbitMQ's {@code log.*.level} keys.
 * Levels are ordered from most to least verbose; {@link #NONE} switches the output off.
 */
public enum LogLevel {
    DEBUG("debug"),
    INFO("info"),
    WARNING("warning"),
    ERROR("error"),
    CRITICAL("critical"),
    NONE("none");

    private final String confName;

    LogLevel(String confName) {
        this.confName = confName;
    }

    /** The spelling used in the configuration file, e.g. {@code warning}. */
    public String confName() {
        return confName;
    }
}
