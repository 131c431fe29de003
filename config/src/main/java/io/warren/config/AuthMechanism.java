package io.warren.config;

/** A SASL mechanism the broker may offer in {@code connection.start} ({@code auth_mechanisms.N}). */
public enum AuthMechanism {
    /** {@code \0user\0password}. */
    PLAIN,
    /** A field table with LOGIN and PASSWORD (Celery and kombu use it). */
    AMQPLAIN,
    /** The user is named by the client's TLS certificate; offered only on TLS connections that present one. */
    EXTERNAL;

    /** The spelling used in the configuration file and on the wire, e.g. {@code PLAIN}. */
    public String confName() {
        return name();
    }
}
