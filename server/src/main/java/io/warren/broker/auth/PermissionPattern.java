package io.warren.broker.auth;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One permission's regular expression, compiled once and matched as RabbitMQ's {@code re:run} matches it:
 * searched anywhere in the name (anchor it with {@code ^...$} to match whole names), the empty expression
 * matching only the empty name. Immutable, thread-safe.
 */
final class PermissionPattern {
    private final String source;
    private final Pattern pattern;

    private PermissionPattern(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** Compiles {@code regex}; throws {@link UserAdminException} ({@code INVALID}) when it is not a valid expression. */
    static PermissionPattern compile(String regex) {
        try {
            return new PermissionPattern(regex, Pattern.compile(regex.isEmpty() ? "^$" : regex));
        } catch (PatternSyntaxException e) {
            throw new UserAdminException(UserAdminException.Reason.INVALID,
                    "invalid regular expression '" + regex + "': " + e.getDescription());
        }
    }

    boolean matches(String name) {
        return pattern.matcher(name).find();
    }

    String source() {
        return source;
    }
}
