package io.warren.management.api;

import io.warren.broker.auth.Authenticator;
import io.warren.broker.auth.UserDatabase;
import io.warren.broker.auth.UserDefinition;
import io.warren.management.http.HttpRequest;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * HTTP Basic authentication against the node's users, with RabbitMQ's rules: the password must
 * match, a loopback-only user ({@code loopback_users}) only from loopback, and the user needs a
 * management tag. A {@code Bearer} token equal to the node's control token (see
 * {@link io.warren.management.ControlToken}) is accepted from loopback as the {@code warrenctl} caller.
 */
public final class BasicAuth {
    private final Supplier<UserDatabase> users;
    private final Set<String> loopbackOnly;
    private final String controlToken;

    /** @param users the node's current users (a restarted broker app has a new database) */
    public BasicAuth(Supplier<UserDatabase> users, Set<String> loopbackOnly, String controlToken) {
        this.users = users;
        this.loopbackOnly = Set.copyOf(loopbackOnly);
        this.controlToken = controlToken;
    }

    /** The caller, or 401 "Login failed" / "Not management user". */
    public Caller authenticate(HttpRequest request) {
        String header = request.header("authorization");
        if (header != null && header.startsWith("Bearer ") && controlToken != null) {
            if (header.substring(7).trim().equals(controlToken) && Authenticator.isLoopback(request.peer())) {
                return new Caller("warrenctl", java.util.List.of("administrator"), users.get(), true);
            }
            throw loginFailed();
        }
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) throw loginFailed();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw loginFailed();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) throw loginFailed();
        String name = decoded.substring(0, colon);
        Optional<UserDefinition> user = check(name, decoded.substring(colon + 1), request.peer());
        if (user.isEmpty()) throw loginFailed();
        Caller caller = new Caller(name, user.get().tags(), users.get(), false);
        if (!caller.isManagement()) throw ApiException.notAuthorised("Not management user");
        return caller;
    }

    /** The user if the password is right and the peer is allowed (loopback-only users). */
    public Optional<UserDefinition> check(String name, String password, SocketAddress peer) {
        Optional<UserDefinition> user = users.get().user(name);
        if (user.isEmpty() || !user.get().passwordMatches(password)) return Optional.empty();
        if (loopbackOnly.contains(name) && !Authenticator.isLoopback(peer)) return Optional.empty();
        return user;
    }

    private static ApiException loginFailed() {
        return new ApiException(401, "not_authorized", "Login failed");
    }
}
