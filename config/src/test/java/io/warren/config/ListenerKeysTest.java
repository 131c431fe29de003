package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenerKeysTest {

    @Test
    void defaultTcpListenerWithHostAndPort() {
        assertEquals(List.of(new Listener("127.0.0.1", 5673)),
                Conf.parse("listeners.tcp.default = 127.0.0.1:5673").tcpListeners());
    }

    @Test
    void bracketedIpv6Listener() {
        assertEquals(List.of(new Listener("::1", 5672)), Conf.parse("listeners.tcp.default = [::1]:5672").tcpListeners());
    }

    @Test
    void namedListenersReplaceTheBuiltInOneAndKeepTheirOrder() {
        BrokerConfig config = Conf.parse(
                "listeners.tcp.1 = 192.168.1.99:5672",
                "listeners.tcp.2 = ::1:5672");
        assertEquals(List.of(new Listener("192.168.1.99", 5672), new Listener("::1", 5672)), config.tcpListeners());
    }

    @Test
    void settingTheSameListenerAgainReplacesIt() {
        assertEquals(List.of(Listener.allInterfaces(5680)),
                Conf.parse("listeners.tcp.default = 5679", "listeners.tcp.default = 5680").tcpListeners());
    }

    @Test
    void tcpListenersCanBeDisabled() {
        assertEquals(List.of(), Conf.parse("listeners.tcp = none").tcpListeners());
    }

    @Test
    void sslListenersWithCertificates() {
        BrokerConfig config = Conf.parse(
                "listeners.ssl.default = 5671",
                "listeners.ssl.local = 127.0.0.1:5681",
                "ssl_options.certfile = /etc/warren/cert.pem",
                "ssl_options.keyfile = /etc/warren/key.pem");
        assertEquals(List.of(Listener.allInterfaces(5671), new Listener("127.0.0.1", 5681)), config.sslListeners());
    }

    @Test
    void sslListenersCanBeDisabledAgain() {
        assertEquals(List.of(), Conf.parse("listeners.ssl.default = 5671", "listeners.ssl = none").sslListeners());
    }

    @Test
    void sslListenerWithoutCertificateAndKeyIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> Conf.parse(
                "listeners.ssl.default = 5671",
                "ssl_options.certfile = /etc/warren/cert.pem"));
        assertEquals("configuration: listeners.ssl.default is set, so ssl_options.certfile and ssl_options.keyfile"
                + " are required", e.getMessage());
    }

    @Test
    void managementAndPrometheusListeners() {
        BrokerConfig config = Conf.parse(
                "management.tcp.port = 15673",
                "management.tcp.ip = 127.0.0.1",
                "management.ssl.port = 15671",
                "management.ssl.ip = ::1",
                "management.ssl.certfile = /certs/mgmt.pem",
                "management.ssl.keyfile = /certs/mgmt.key",
                "prometheus.tcp.port = 15693",
                "prometheus.tcp.ip = 10.0.0.1");
        assertEquals(new Listener("127.0.0.1", 15673), config.management().tcp());
        assertEquals(Optional.of(new Listener("::1", 15671)), config.management().ssl());
        assertEquals(new Listener("10.0.0.1", 15693), config.prometheus());
    }

    @Test
    void managementSslPortAloneListensOnEveryInterface() {
        BrokerConfig config = Conf.parse(
                "management.ssl.port = 15671",
                "management.ssl.certfile = /certs/mgmt.pem",
                "management.ssl.keyfile = /certs/mgmt.key");
        assertEquals(Optional.of(Listener.allInterfaces(15671)), config.management().ssl());
    }

    @Test
    void managementSslPortWithoutCertificateIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> Conf.parse("management.ssl.port = 15671"));
        assertEquals("management.ssl.port is set, so management.ssl.certfile and management.ssl.keyfile are required",
                e.problem());
    }
}
