package io.warren.management.cli;

/** One warrenctl command: runs against the node and returns the exit code. */
@FunctionalInterface
interface Command {
    int run(CtlOptions options, ManagementClient client, Output out);

    /** Fails with a usage error unless the command got between {@code min} and {@code max} arguments. */
    static void arguments(CtlOptions options, int min, int max) {
        if (options.arguments.size() < min) throw CtlException.usage("not enough arguments.");
        if (options.arguments.size() > max) throw CtlException.usage("too many arguments.");
    }

    /** Fails with {@code Error:} and the API's reason unless the status is one of {@code ok}. */
    static ManagementClient.Answer expect(ManagementClient.Answer answer, int exitCode, int... ok) {
        for (int status : ok) if (answer.status() == status) return answer;
        throw new CtlException(exitCode, answer.reason());
    }
}
