package io.warren.config;

/** A TLS protocol version that {@code ssl_options.versions.N} may enable. */
public enum TlsVersion {
    TLS_1_3("tlsv1.3", "TLSv1.3"),
    TLS_1_2("tlsv1.2", "TLSv1.2"),
    TLS_1_1("tlsv1.1", "TLSv1.1"),
    TLS_1_0("tlsv1", "TLSv1");

    private final String confName;
    private final String jsseName;

    TlsVersion(String confName, String jsseName) {
        this.confName = confName;
        this.jsseName = jsseName;
    }

    /** The spelling used in the configuration file, e.g. {@code tlsv1.2}. */
    public String confName() {
        return confName;
    }

    /** The protocol name Java's TLS engine expects, e.g. {@code TLSv1.2}. */
    public String jsseName() {
        return jsseName;
    }
}
