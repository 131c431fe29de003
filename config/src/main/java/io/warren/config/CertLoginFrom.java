package io.warren.config;

/** Which part of a client certificate names the user of an EXTERNAL login ({@code ssl_cert_login_from}). */
public enum CertLoginFrom {
    /** The subject's common name (CN), e.g. {@code app-1}. */
    COMMON_NAME("common_name"),
    /** The whole subject distinguished name, e.g. {@code CN=app-1,O=Example}. */
    DISTINGUISHED_NAME("distinguished_name");

    private final String confName;

    CertLoginFrom(String confName) {
        this.confName = confName;
    }

    /** The spelling used in the configuration file, e.g. {@code common_name}. */
    public String confName() {
        return confName;
    }
}
