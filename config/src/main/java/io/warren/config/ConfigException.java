package io.warren.config;

import java.util.Objects;

/**
 * The configuration cannot be used: an unknown key or flag, a malformed line, a bad value or an
 * unreadable file. Start-up should stop and print {@link #getMessage()}, which reads
 * {@code WHERE: PROBLEM}, for example
 * {@code warren.conf:3: invalid value 'abc' for 'heartbeat': expected a whole number of seconds from 0 to 65535}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String where;
    private final String problem;

    /**
     * @param where   where the offending input came from, e.g. {@code warren.conf:12},
     *                {@code environment variable RABBITMQ_NODE_PORT} or {@code command-line flag --port}
     * @param problem what is wrong and what is allowed instead
     */
    public ConfigException(String where, String problem) {
        this(where, problem, null);
    }

    /** As {@link #ConfigException(String, String)}, keeping the underlying cause (e.g. an I/O error). */
    public ConfigException(String where, String problem, Throwable cause) {
        super(Objects.requireNonNull(where, "where") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.where = where;
        this.problem = problem;
    }

    /** Where the offending input came from, e.g. {@code warren.conf:12}. */
    public String where() {
        return where;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
