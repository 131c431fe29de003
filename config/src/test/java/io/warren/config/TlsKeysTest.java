package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TlsKeysTest {

    static Stream<Arguments> prefixes() {
        return Stream.of(
                Arguments.of("ssl_options.", (Function<BrokerConfig, TlsOptions>) BrokerConfig::tls),
                Arguments.of("management.ssl.", (Function<BrokerConfig, TlsOptions>) c -> c.management().tls()));
    }

    @ParameterizedTest(name = "{0}*")
    @MethodSource("prefixes")
    void everyTlsOptionIsParsed(String prefix, Function<BrokerConfig, TlsOptions> tlsOf) {
        TlsOptions tls = tlsOf.apply(Conf.parse(
                prefix + "cacertfile = /certs/ca.pem",
                prefix + "certfile = /certs/server.pem",
                prefix + "keyfile = /certs/server.key",
                prefix + "password = let me in",
                prefix + "verify = verify_peer",
                prefix + "fail_if_no_peer_cert = true",
                prefix + "versions.1 = tlsv1.3",
                prefix + "versions.2 = tlsv1.2",
                prefix + "versions.3 = tlsv1.1",
                prefix + "versions.4 = tlsv1",
                prefix + "depth = 3"));
        assertEquals(Optional.of(Path.of("/certs/ca.pem")), tls.caCertFile());
        assertEquals(Optional.of(Path.of("/certs/server.pem")), tls.certFile());
        assertEquals(Optional.of(Path.of("/certs/server.key")), tls.keyFile());
        assertEquals(Optional.of("let me in"), tls.keyPassword());
        assertEquals(PeerVerification.VERIFY_PEER, tls.verify());
        assertTrue(tls.failIfNoPeerCert());
        assertEquals(List.of(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2, TlsVersion.TLS_1_1, TlsVersion.TLS_1_0),
                tls.versions());
        assertEquals(OptionalInt.of(3), tls.depth());
        assertTrue(tls.hasCertificateAndKey());
    }

    @ParameterizedTest(name = "{0}*")
    @MethodSource("prefixes")
    void tlsOptionsUnderOnePrefixLeaveTheOtherAlone(String prefix, Function<BrokerConfig, TlsOptions> tlsOf) {
        BrokerConfig config = Conf.parse(prefix + "verify = verify_peer");
        assertEquals(PeerVerification.VERIFY_PEER, tlsOf.apply(config).verify());
        int changed = (config.tls().verify() == PeerVerification.VERIFY_PEER ? 1 : 0)
                + (config.management().tls().verify() == PeerVerification.VERIFY_PEER ? 1 : 0);
        assertEquals(1, changed);
    }
}
