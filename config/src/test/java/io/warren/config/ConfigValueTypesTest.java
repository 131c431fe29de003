package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigValueTypesTest {

    @Test
    void wildcardListenerBindsTheWildcardAddress() {
        InetSocketAddress address = Listener.allInterfaces(5672).toSocketAddress();
        assertTrue(address.getAddress().isAnyLocalAddress());
        assertEquals(5672, address.getPort());
    }

    @Test
    void literalListenerBindsItsAddress() {
        InetSocketAddress address = new Listener("127.0.0.1", 5673).toSocketAddress();
        assertTrue(address.getAddress().isLoopbackAddress());
        assertEquals(5673, address.getPort());
    }

    @Test
    void listenerPrintsIpv6HostsInBrackets() {
        assertEquals("[::1]:5672", new Listener("::1", 5672).toString());
        assertEquals("127.0.0.1:5672", new Listener("127.0.0.1", 5672).toString());
        assertEquals("*:5672", Listener.allInterfaces(5672).toString());
    }

    @Test
    void listenerRejectsImpossiblePorts() {
        assertThrows(IllegalArgumentException.class, () -> new Listener("localhost", 65536));
        assertThrows(IllegalArgumentException.class, () -> new Listener("localhost", -1));
        assertThrows(IllegalArgumentException.class, () -> new Listener("", 5672));
    }

    @Test
    void thresholdsResolveAgainstTotalMemory() {
        assertEquals(400, new Threshold.Relative(0.4).resolve(1000));
        assertEquals(2000, new Threshold.Relative(2.0).resolve(1000));
        assertEquals(123, new Threshold.Absolute(123).resolve(1000));
        assertThrows(IllegalArgumentException.class, () -> new Threshold.Relative(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Threshold.Absolute(-1));
    }

    @Test
    void channelMaxZeroMeansTheProtocolMaximum() {
        Limits unlimited = ConfigLoader.parse("channel_max = 0", "warren.conf").limits();
        assertEquals(0, unlimited.channelMax());
        assertEquals(65535, unlimited.effectiveChannelMax());
        assertEquals(2047, BrokerConfig.defaults().limits().effectiveChannelMax());
    }

    @Test
    void passwordsAreNeverPrinted() {
        BrokerConfig config = ConfigLoader.parse(String.join("\n",
                "default_pass = hunter2",
                "ssl_options.password = keysecret"), "warren.conf");
        String printed = config.toString();
        assertFalse(printed.contains("hunter2"), printed);
        assertFalse(printed.contains("keysecret"), printed);
        assertTrue(printed.contains("username=guest"), printed);
    }

    @Test
    void collectionsInTheRecordCannotBeModified() {
        BrokerConfig config = BrokerConfig.defaults();
        assertThrows(UnsupportedOperationException.class, () -> config.tcpListeners().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.loopbackUsers().add("bob"));
        assertThrows(UnsupportedOperationException.class, () -> config.defaultUser().tags().clear());
    }

    @Test
    void recordCopiesTheCollectionsItIsGiven() {
        List<Listener> listeners = new ArrayList<>(List.of(Listener.allInterfaces(5672)));
        BrokerConfig defaults = BrokerConfig.defaults();
        BrokerConfig config = new BrokerConfig(listeners, defaults.sslListeners(), defaults.tls(),
                defaults.defaultUser(), Set.of(), defaults.limits(), defaults.resources(),
                defaults.collectStatisticsInterval(), defaults.clusterName(), defaults.management(),
                defaults.prometheus(), defaults.loadDefinitions(), defaults.logging(), defaults.dataDir(),
                defaults.store(), defaults.auth());
        listeners.clear();
        assertEquals(List.of(Listener.allInterfaces(5672)), config.tcpListeners());
    }

    @Test
    void tlsVersionsKnowTheirJavaNames() {
        assertEquals("TLSv1.3", TlsVersion.TLS_1_3.jsseName());
        assertEquals("TLSv1", TlsVersion.TLS_1_0.jsseName());
    }
}
