package io.warren.management.cli;

import java.util.List;
import java.util.Map;

/** {@code add_user}, {@code delete_user}, {@code change_password}, {@code authenticate_user}, {@code set_user_tags}. */
final class UserCommands {
    private UserCommands() {}

    static void register(Map<String, Command> commands) {
        commands.put("add_user", UserCommands::addUser);
        commands.put("delete_user", UserCommands::deleteUser);
        commands.put("change_password", UserCommands::changePassword);
        commands.put("authenticate_user", UserCommands::authenticate);
        commands.put("set_user_tags", UserCommands::setTags);
    }

    private static int addUser(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 2, 2);
        String user = o.arguments.get(0);
        out.info("Adding user \"" + user + "\" ...");
        if (client.get(path(user)).status() == 200) throw new CtlException(ExitCode.SOFTWARE, "User \"" + user + "\" already exists");
        Command.expect(client.put(path(user), Map.of("password", o.arguments.get(1), "tags", "")), ExitCode.DATA_ERROR, 201, 204);
        out.info("Done. Don't forget to grant the user permissions to some virtual hosts! See 'rabbitmqctl help set_permissions' to learn more.");
        return ExitCode.OK;
    }

    private static int deleteUser(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, 1);
        String user = o.arguments.get(0);
        out.info("Deleting user \"" + user + "\" ...");
        if (client.delete(path(user)).status() == 404) throw noSuchUser(user);
        return ExitCode.OK;
    }

    private static int changePassword(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 2, 2);
        String user = o.arguments.get(0);
        out.info("Changing password for user \"" + user + "\" ...");
        existing(client, user);
        Command.expect(client.put(path(user), Map.of("password", o.arguments.get(1))), ExitCode.DATA_ERROR, 204, 201);
        return ExitCode.OK;
    }

    /** Checks the credentials with {@code GET /api/whoami}; a user without a management tag still authenticates. */
    private static int authenticate(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 2, 2);
        String user = o.arguments.get(0);
        out.info("Authenticating user \"" + user + "\" ...");
        ManagementClient.Answer answer = client.getAs("/api/whoami", user, o.arguments.get(1));
        boolean valid = answer.status() == 200 || (answer.status() == 401 && answer.reason().equals("Not management user"));
        if (!valid) {
            throw new CtlException(ExitCode.DATA_ERROR, "Error: failed to authenticate user \"" + user + "\"\nuser '" + user
                    + "' - invalid credentials");
        }
        out.line("Success");
        return ExitCode.OK;
    }

    private static int setTags(CtlOptions o, ManagementClient client, Output out) {
        Command.arguments(o, 1, Integer.MAX_VALUE);
        String user = o.arguments.get(0);
        List<String> tags = o.arguments.subList(1, o.arguments.size());
        out.info("Setting tags for user \"" + user + "\" to [" + String.join(", ", tags) + "] ...");
        existing(client, user);
        Command.expect(client.put(path(user), Map.of("tags", String.join(",", tags))), ExitCode.DATA_ERROR, 204, 201);
        return ExitCode.OK;
    }

    private static void existing(ManagementClient client, String user) {
        if (client.get(path(user)).status() == 404) throw noSuchUser(user);
    }

    static CtlException noSuchUser(String user) {
        return new CtlException(ExitCode.NO_USER, "User \"" + user + "\" does not exist");
    }

    private static String path(String user) {
        return "/api/users/" + ManagementClient.encode(user);
    }
}
