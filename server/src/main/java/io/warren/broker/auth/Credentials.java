package io.warren.broker.auth;

/** A user name and password taken from a SASL response. */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + "]";
    }
}
