package io.warren.config;

/** Whether a TLS listener asks clients for a certificate and checks it ({@code ssl_options.verify}). */
public enum PeerVerification {
    /** Request the client's certificate and verify it against the CA file. */
    VERIFY_PEER("verify_peer"),
    /** Do not request or check client certificates. */
    VERIFY_NONE("verify_none");

    private final String confName;

    PeerVerification(String confName) {
        this.confName = confName;
    }

    /** The spelling used in the configuration file, e.g. {@code verify_peer}. */
    public String confName() {
        return confName;
    }
}
