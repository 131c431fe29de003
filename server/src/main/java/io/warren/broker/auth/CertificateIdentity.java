package io.warren.broker.auth;

import io.warren.config.CertLoginFrom;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** The user name a client certificate stands for in an EXTERNAL login ({@code ssl_cert_login_from}). */
public final class CertificateIdentity {
    private CertificateIdentity() {}

    /**
     * The subject's common name (the first CN when there are several), or its whole distinguished name
     * in RFC 2253 form ({@code CN=app,O=Example}); empty when the subject has no CN.
     */
    public static Optional<String> username(X509Certificate certificate, CertLoginFrom from) {
        X500Principal subject = certificate.getSubjectX500Principal();
        String distinguishedName = subject.getName(X500Principal.RFC2253);
        if (from == CertLoginFrom.DISTINGUISHED_NAME) return Optional.of(distinguishedName);
        try {
            var rdns = new LdapName(distinguishedName).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) { // LdapName lists the most specific RDN last
                Rdn rdn = rdns.get(i);
                if (rdn.getType().equalsIgnoreCase("CN")) return Optional.of(rdn.getValue().toString());
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
