package io.warren.management.cli;

/** A command that failed: the text printed after {@code Error:} and the exit code. */
final class CtlException extends RuntimeException {
    private final int exitCode;
    private final boolean usage;

    CtlException(int exitCode, String message) {
        this(exitCode, message, false);
    }

    private CtlException(int exitCode, String message, boolean usage) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.usage = usage;
    }

    /** A command-line mistake: printed as rabbitmqctl prints argument validation errors, exit 64. */
    static CtlException usage(String message) {
        return new CtlException(ExitCode.USAGE, message, true);
    }

    int exitCode() {
        return exitCode;
    }

    boolean isUsage() {
        return usage;
    }
}
