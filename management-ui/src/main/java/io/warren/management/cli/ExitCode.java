package io.warren.management.cli;

/** rabbitmqctl's exit codes (the BSD sysexits values). */
public final class ExitCode {
    public static final int OK = 0;
    /** Bad command line: unknown command or option, wrong arguments, unsupported info keys. */
    public static final int USAGE = 64;
    /** Bad input data: wrong credentials, a vhost that does not exist. */
    public static final int DATA_ERROR = 65;
    /** The user named does not exist. */
    public static final int NO_USER = 67;
    /** The node cannot be reached, or refused the operation. */
    public static final int UNAVAILABLE = 69;
    /** An internal error, or an object that already exists. */
    public static final int SOFTWARE = 70;
    /** Timed out: try again. */
    public static final int TEMP_FAIL = 75;

    private ExitCode() {}
}
