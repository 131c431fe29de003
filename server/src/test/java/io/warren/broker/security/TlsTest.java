package io.warren.broker.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import io.warren.broker.TestBroker;
import io.warren.broker.auth.PasswordHashing;
import io.warren.broker.connection.AmqpConnection;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AMQPS with certificates made in the test: a CA, the broker's certificate, a client certificate from the same CA
 * and one from another CA. Verified and unverified servers, the EXTERNAL mechanism (offered only to a TLS client
 * with a certificate, user = the certificate's CN), and refusals of the wrong CA.
 */
class TlsTest {
    @TempDir
    Path dir;
    private TestCertificates.Issued ca;
    private TestCertificates.Issued serverCert;
    private TestCertificates.Issued client;
    private TestCertificates.Issued otherCa;
    private TestCertificates.Issued strangerClient;
    private TestBroker broker;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeAll
    static void warrenOnly() {
        assumeFalse(TestBroker.external());
    }

    @BeforeEach
    void certificates() throws Exception {
        ca = TestCertificates.authority("Warren test CA");
        serverCert = TestCertificates.issue(ca, "localhost");
        client = TestCertificates.issue(ca, "tls-app");
        otherCa = TestCertificates.authority("Some other CA");
        strangerClient = TestCertificates.issue(otherCa, "tls-app");
        TestCertificates.writeCertificate(dir.resolve("ca.pem"), ca.certificate());
        TestCertificates.writeCertificate(dir.resolve("server.pem"), serverCert.certificate(), ca.certificate());
        TestCertificates.writeKey(dir.resolve("server.key"), serverCert.keys());
    }

    @AfterEach
    void stop() throws Exception {
        for (Connection c : connections) if (c.isOpen()) c.abort();
        if (broker != null) broker.close();
    }

    private void start(String verify, boolean failIfNoPeerCert, String... extra) throws Exception {
        List<String> settings = new ArrayList<>(List.of(
                "listeners.ssl.default=127.0.0.1:0",
                "ssl_options.certfile=" + dir.resolve("server.pem"),
                "ssl_options.keyfile=" + dir.resolve("server.key"),
                "ssl_options.cacertfile=" + dir.resolve("ca.pem"),
                "ssl_options.verify=" + verify,
                "ssl_options.fail_if_no_peer_cert=" + failIfNoPeerCert,
                "auth_mechanisms.1=PLAIN", "auth_mechanisms.2=AMQPLAIN", "auth_mechanisms.3=EXTERNAL",
                "warren.login_failure_delay=0", "handshake_timeout=2000"));
        settings.addAll(List.of(extra));
        broker = TestBroker.start(settings.toArray(String[]::new));
        var users = broker.broker().users();
        users.addUserWithHash("tls-app", "", PasswordHashing.SHA256, List.of()); // no password: certificate only
        users.setPermissions("tls-app", "/", ".*", ".*", ".*");
    }

    private ConnectionFactory tls(SSLContext context) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setPort(broker.broker().amqpsAddresses().get(0).getPort());
        factory.useSslProtocol(context);
        factory.enableHostnameVerification();
        return factory;
    }

    private Connection open(ConnectionFactory factory) throws Exception {
        Connection connection = factory.newConnection();
        connections.add(connection);
        return connection;
    }

    @Test
    void verifiedServerWithPlainLogin() throws Exception {
        start("verify_peer", false);
        Connection connection = open(tls(TestCertificates.clientContext(ca, null, null)));
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, "over TLS".getBytes());
        awaitMessage(channel, queue, "over TLS".getBytes());
        ConnectionFactory external = tls(TestCertificates.clientContext(ca, null, null));
        external.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        IOException e = assertThrows(IOException.class, external::newConnection, "no certificate, so no EXTERNAL");
        assertTrue(String.valueOf(e.getMessage()).contains("server offered [PLAIN, AMQPLAIN]")
                || String.valueOf(e.getMessage()).contains("No compatible authentication mechanism"), e.toString());
    }

    @Test
    void unverifiedServerAcceptsAnyClient() throws Exception {
        start("verify_none", false);
        ConnectionFactory trustingClient = broker.connectionFactory();
        trustingClient.setPort(broker.broker().amqpsAddresses().get(0).getPort());
        trustingClient.useSslProtocol(); // trusts every server certificate: the client does not verify either
        assertTrue(open(trustingClient).createChannel().isOpen());
        ConnectionFactory withCertificate = tls(TestCertificates.clientContext(ca, client, ca));
        withCertificate.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        assertThrows(IOException.class, withCertificate::newConnection, "verify_none asks for no certificate: no EXTERNAL");
    }

    @Test
    void clientCertificateLogsInWithExternalAsItsCommonName() throws Exception {
        start("verify_peer", true);
        ConnectionFactory factory = tls(TestCertificates.clientContext(ca, client, ca));
        factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        Connection connection = open(factory);
        assertTrue(connection.createChannel().isOpen());
        List<String> users = broker.broker().connections().snapshot().stream().map(AmqpConnection::username).toList();
        assertEquals(List.of("tls-app"), users);
        ConnectionFactory plain = tls(TestCertificates.clientContext(ca, client, ca));
        assertTrue(open(plain).isOpen(), "a client with a certificate may still log in with PLAIN");
    }

    @Test
    void externalWithACertificateOfAnUnknownUserIsRefused() throws Exception {
        start("verify_peer", true);
        TestCertificates.Issued unknown = TestCertificates.issue(ca, "nobody-here");
        ConnectionFactory factory = tls(TestCertificates.clientContext(ca, unknown, ca));
        factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        AuthenticationFailureException e = assertThrows(AuthenticationFailureException.class, factory::newConnection);
        assertEquals("ACCESS_REFUSED - Login was refused using authentication mechanism EXTERNAL. For details see the broker logfile.",
                e.getMessage());
    }

    @Test
    void distinguishedNameLogin() throws Exception {
        start("verify_peer", true, "ssl_cert_login_from=distinguished_name");
        var users = broker.broker().users();
        // RFC 2253 order, most specific last in the certificate first, as RabbitMQ formats it
        String dn = client.certificate().getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
        assertTrue(dn.contains("CN=tls-app") && dn.contains("O=Warren tests"), dn);
        users.addUserWithHash(dn, "", PasswordHashing.SHA256, List.of());
        users.setPermissions(dn, "/", ".*", ".*", ".*");
        ConnectionFactory factory = tls(TestCertificates.clientContext(ca, client, ca));
        factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        assertTrue(open(factory).isOpen());
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        start("verify_peer", true);
        ConnectionFactory factory = tls(TestCertificates.clientContext(ca, strangerClient, otherCa));
        assertThrows(IOException.class, factory::newConnection);
        ConnectionFactory noCertificate = tls(TestCertificates.clientContext(ca, null, null));
        assertThrows(IOException.class, noCertificate::newConnection, "fail_if_no_peer_cert");
        assertTrue(open(broker.connectionFactory()).isOpen(), "the broker goes on");
    }

    @Test
    void aClientThatTrustsAnotherCaRefusesTheBroker() throws Exception {
        start("verify_peer", false);
        ConnectionFactory factory = tls(TestCertificates.clientContext(otherCa, null, null));
        IOException e = assertThrows(IOException.class, factory::newConnection);
        assertInstanceOf(SSLHandshakeException.class, rootOrSelf(e, SSLHandshakeException.class));
    }

    @Test
    void onlyTheConfiguredProtocolVersionsAreSpoken() throws Exception {
        start("verify_peer", false, "ssl_options.versions.1=tlsv1.2");
        SSLContext tls13 = TestCertificates.clientContext(ca, null, null);
        ConnectionFactory factory = broker.connectionFactory();
        factory.setPort(broker.broker().amqpsAddresses().get(0).getPort());
        factory.useSslProtocol(tls13);
        factory.setSocketConfigurator(socket -> { });
        factory.setSslContextFactory(name -> tls13);
        assertTrue(open(factory).isOpen(), "TLSv1.2 negotiated");
        SSLContext only13 = SSLContext.getInstance("TLSv1.3");
        only13.init(null, new javax.net.ssl.TrustManager[] {trustAll()}, null);
        try (Socket raw = only13.getSocketFactory().createSocket("127.0.0.1", broker.broker().amqpsAddresses().get(0).getPort())) {
            ((javax.net.ssl.SSLSocket) raw).setEnabledProtocols(new String[] {"TLSv1.3"});
            assertThrows(IOException.class, () -> ((javax.net.ssl.SSLSocket) raw).startHandshake());
        }
    }

    @Test
    void plaintextOrSilenceOnTheTlsPortIsClosed() throws Exception {
        start("verify_none", false, "handshake_timeout=500");
        int port = broker.broker().amqpsAddresses().get(0).getPort();
        try (Socket plaintext = new Socket("127.0.0.1", port)) {
            plaintext.setSoTimeout(5_000);
            plaintext.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            assertClosed(plaintext.getInputStream());
        }
        try (Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(5_000);
            long start = System.nanoTime();
            assertClosed(silent.getInputStream());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4_000, "closed by the handshake timeout");
        }
        assertTrue(open(broker.connectionFactory()).isOpen());
    }

    private static void assertClosed(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // an alert, perhaps, then the end
            }
        } catch (java.net.SocketException reset) {
            // reset is closed too
        }
    }

    private static void awaitMessage(Channel channel, String queue, byte[] body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            var response = channel.basicGet(queue, true);
            if (response != null) {
                assertArrayEquals(body, response.getBody());
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no message");
    }

    private static Throwable rootOrSelf(Throwable e, Class<?> wanted) {
        for (Throwable t = e; t != null; t = t.getCause()) if (wanted.isInstance(t)) return t;
        return e;
    }

    private static javax.net.ssl.X509TrustManager trustAll() {
        return new javax.net.ssl.X509TrustManager() {
            @Override public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) { }
            @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
        };
    }
}
