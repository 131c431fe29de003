package io.warren.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.warren.codec.AccessMethod;
import io.warren.codec.BasicMethod;
import io.warren.codec.BasicProperties;
import io.warren.codec.ChannelMethod;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.ContentBodyFrame;
import io.warren.codec.ContentHeaderFrame;
import io.warren.codec.HeartbeatFrame;
import io.warren.codec.LongString;
import io.warren.codec.Method;
import io.warren.codec.QueueMethod;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed and out-of-order input from a raw socket: each answered with the reply code and text
 * RabbitMQ 3.10 uses (taken from the reference broker), the connection or channel closed as the
 * spec says.
 */
class ProtocolErrorTest {
    private static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start("max_message_size=1000");
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    private static void assertConnectionClose(RawAmqpClient client, int code, String text, int classId, int methodId)
            throws IOException {
        Method method = client.readMethod();
        var close = assertInstanceOf(ConnectionMethod.Close.class, method);
        assertEquals(code, close.replyCode());
        assertEquals(text, close.replyText());
        assertEquals(classId, close.classId());
        assertEquals(methodId, close.methodId());
        client.send(0, new ConnectionMethod.CloseOk());
        assertTrue(client.awaitServerClose(), "the server closes the socket after close-ok");
    }

    private static RawAmqpClient openWithChannel1() throws Exception {
        RawAmqpClient client = broker.rawClient().open();
        client.send(1, new ChannelMethod.Open(""));
        assertInstanceOf(ChannelMethod.OpenOk.class, client.readMethod());
        return client;
    }

    private static QueueMethod.Declare declare() {
        return new QueueMethod.Declare(0, "q", false, false, false, false, false, Map.of());
    }

    @Test
    void unsupportedProtocolHeaderIsAnsweredWithOursAndClosed() throws Exception {
        try (RawAmqpClient client = broker.rawClient()) {
            client.sendBytes("GET / HTTP/1.1\r\n\r\n".getBytes());
            assertArrayEquals(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1}, client.readAllBytes());
        }
        try (RawAmqpClient client = broker.rawClient()) {
            client.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 9});
            assertArrayEquals(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1}, client.readAllBytes());
        }
    }

    @Test
    void badFrameEnd() throws Exception {
        try (RawAmqpClient client = broker.rawClient().open()) {
            client.sendBytes(new byte[] {1, 0, 0, 0, 0, 0, 8, 0, 10, 0, 40, 1, 47, 0, 0, 0});
            assertConnectionCloseWithoutReply(client, 501,
                    "FRAME_ERROR - type 1, all octets = <<0,10,0,40,1,47,0,0>>: {invalid_frame_end_marker,0}");
        }
    }

    @Test
    void frameLargerThanNegotiatedFrameMax() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.sendBytes(new byte[] {3, 0, 1, 0, 3, 0x0D, 0x40}); // body frame header announcing 200000 bytes
            assertConnectionCloseWithoutReply(client, 501,
                    "FRAME_ERROR - type 3, all octets = <<>>: {frame_too_large,200000,131064}");
        }
    }

    /** After a framing error the decoder cannot read close-ok; the server closes the socket itself. */
    private static void assertConnectionCloseWithoutReply(RawAmqpClient client, int code, String text) throws IOException {
        var close = assertInstanceOf(ConnectionMethod.Close.class, client.readMethod());
        assertEquals(code, close.replyCode());
        assertEquals(text, close.replyText());
        assertTrue(client.awaitServerClose());
    }

    @Test
    void unknownMethod() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.sendBytes(new byte[] {1, 0, 1, 0, 0, 0, 4, 0, 99, 0, 10, (byte) 0xCE});
            assertConnectionCloseWithoutReply(client, 540, "NOT_IMPLEMENTED - unknown method: class 99, method 10");
        }
    }

    @Test
    void methodOnAChannelThatWasNeverOpened() throws Exception {
        try (RawAmqpClient client = broker.rawClient().open()) {
            client.send(5, declare());
            assertConnectionClose(client, 504, "CHANNEL_ERROR - expected 'channel.open'", 50, 10);
        }
    }

    @Test
    void secondChannelOpen() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(1, new ChannelMethod.Open(""));
            assertConnectionClose(client, 504, "CHANNEL_ERROR - second 'channel.open' seen", 20, 10);
        }
    }

    @Test
    void contentHeaderWithoutMethod() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(new ContentHeaderFrame(1, 60, 5, BasicProperties.EMPTY));
            assertConnectionClose(client, 505, "UNEXPECTED_FRAME - expected method frame, got non method frame instead", 0, 0);
        }
    }

    @Test
    void methodWhereAContentHeaderWasDue() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(1, new BasicMethod.Publish(0, "", "q", false, false));
            client.send(1, declare());
            assertConnectionClose(client, 505,
                    "UNEXPECTED_FRAME - expected content header for class 60, got non content header frame instead", 60, 40);
        }
    }

    @Test
    void contentHeaderOfTheWrongClass() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(1, new BasicMethod.Publish(0, "", "q", false, false));
            client.send(new ContentHeaderFrame(1, 50, 5, BasicProperties.EMPTY));
            assertConnectionClose(client, 505,
                    "UNEXPECTED_FRAME - expected content header for class 60, got one for class 50 instead", 60, 40);
        }
    }

    @Test
    void bodyLongerThanItsHeaderSaid() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(1, new BasicMethod.Publish(0, "", "q", false, false));
            client.send(new ContentHeaderFrame(1, 60, 2, BasicProperties.EMPTY));
            client.send(new ContentBodyFrame(1, Unpooled.wrappedBuffer("hello".getBytes())));
            var close = assertInstanceOf(ConnectionMethod.Close.class, client.readMethod());
            assertEquals(505, close.replyCode());
        }
    }

    @Test
    void messageOverMaxMessageSizeClosesTheChannelWith406() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(1, new BasicMethod.Publish(0, "", "q", false, false));
            client.send(new ContentHeaderFrame(1, 60, 5000, BasicProperties.EMPTY));
            var close = assertInstanceOf(ChannelMethod.Close.class, client.readMethod());
            assertEquals(406, close.replyCode());
            assertEquals("PRECONDITION_FAILED - message size 5000 is larger than configured max size 1000", close.replyText());
            assertEquals(60, close.classId());
            assertEquals(40, close.methodId());
            // frames still in flight for the closing channel are discarded; the connection lives on
            client.send(new ContentBodyFrame(1, Unpooled.wrappedBuffer(new byte[900])));
            client.send(1, new ChannelMethod.CloseOk());
            client.send(1, new ChannelMethod.Open(""));
            assertInstanceOf(ChannelMethod.OpenOk.class, client.readMethod());
        }
    }

    @Test
    void heartbeatOnAChannel() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.sendBytes(new byte[] {8, 0, 1, 0, 0, 0, 0, (byte) 0xCE});
            assertConnectionCloseWithoutReply(client, 505, "UNEXPECTED_FRAME - type 8, all octets = <<>>");
        }
    }

    @Test
    void connectionMethodOnAChannel() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(1, new ConnectionMethod.Open("/", "", false));
            assertConnectionClose(client, 503, "COMMAND_INVALID - unimplemented method", 10, 40);
        }
    }

    @Test
    void channelMethodOnChannelZero() throws Exception {
        try (RawAmqpClient client = broker.rawClient().open()) {
            client.send(0, new ChannelMethod.Open(""));
            assertConnectionClose(client, 504, "CHANNEL_ERROR - unexpected method in connection state running", 20, 10);
        }
    }

    @Test
    void channelFlowOffIsNotImplementedAsInRabbitMQ() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(1, new ChannelMethod.Flow(true));
            assertEquals(new ChannelMethod.FlowOk(true), client.readMethod());
            client.send(1, new ChannelMethod.Flow(false));
            assertConnectionClose(client, 540, "NOT_IMPLEMENTED - active=false", 20, 20);
        }
    }

    @Test
    void accessRequestIsGrantedForOldClients() throws Exception {
        try (RawAmqpClient client = openWithChannel1()) {
            client.send(1, new AccessMethod.Request("/data", false, true, true, true, true));
            assertEquals(new AccessMethod.RequestOk(1), client.readMethod());
        }
    }

    @Test
    void tuneOkBelowTheMinimumFrameSize() throws Exception {
        try (RawAmqpClient client = broker.rawClient()) {
            client.start();
            client.send(0, new ConnectionMethod.StartOk(RawAmqpClient.CAPABILITIES, "PLAIN", LongString.of("\0guest\0guest"), "en_US"));
            assertInstanceOf(ConnectionMethod.Tune.class, client.readMethod());
            client.send(0, new ConnectionMethod.TuneOk(2047, 1000, 0));
            assertConnectionClose(client, 530,
                    "NOT_ALLOWED - negotiated frame_max = 1000 is lower than the minimum allowed value (4096)", 10, 30);
        }
    }

    @Test
    void tuneOkWithoutAChannelLimit() throws Exception {
        try (RawAmqpClient client = broker.rawClient()) {
            client.start();
            client.send(0, new ConnectionMethod.StartOk(RawAmqpClient.CAPABILITIES, "PLAIN", LongString.of("\0guest\0guest"), "en_US"));
            client.readMethod();
            client.send(0, new ConnectionMethod.TuneOk(0, 131072, 0));
            assertConnectionClose(client, 530,
                    "NOT_ALLOWED - negotiated channel_max = 0 (no limit) is higher than the maximum allowed value (2047)", 10, 30);
        }
    }

    @Test
    void channelNumberAboveTheNegotiatedMaximum() throws Exception {
        try (RawAmqpClient client = broker.rawClient().open(2, 131072, 0)) {
            client.send(3, new ChannelMethod.Open(""));
            assertConnectionClose(client, 530,
                    "NOT_ALLOWED - number of channels opened (0) has reached the negotiated channel_max (2)", 20, 10);
        }
    }

    @Test
    void refusedLoginWithTheCapabilityGetsA403Close() throws Exception {
        try (RawAmqpClient client = broker.rawClient()) {
            client.start();
            client.send(0, new ConnectionMethod.StartOk(RawAmqpClient.CAPABILITIES, "PLAIN", LongString.of("\0guest\0wrong"), "en_US"));
            assertConnectionClose(client, 403,
                    "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.", 0, 0);
        }
    }

    @Test
    void refusedLoginWithoutTheCapabilityJustClosesTheSocket() throws Exception {
        try (RawAmqpClient client = broker.rawClient()) {
            client.start();
            client.send(0, new ConnectionMethod.StartOk(Map.of(), "PLAIN", LongString.of("\0guest\0wrong"), "en_US"));
            assertEquals(0, client.readAllBytes().length);
        }
    }

    @Test
    void unknownMechanism() throws Exception {
        try (RawAmqpClient client = broker.rawClient()) {
            client.start();
            client.send(0, new ConnectionMethod.StartOk(RawAmqpClient.CAPABILITIES, "EXTERNAL", LongString.EMPTY, "en_US"));
            assertConnectionClose(client, 503, "COMMAND_INVALID - unknown authentication mechanism 'EXTERNAL'", 10, 11);
        }
    }

    @Test
    void connectionStartOffersPlainAndAmqplainOnly() throws Exception {
        try (RawAmqpClient client = broker.rawClient()) {
            ConnectionMethod.Start start = client.start();
            assertEquals(0, start.versionMajor());
            assertEquals(9, start.versionMinor());
            assertEquals("PLAIN AMQPLAIN", start.mechanisms().toString());
            assertEquals("en_US", start.locales().toString());
        }
    }

    @Test
    void heartbeatsAreSentAndASilentPeerIsDropped() throws Exception {
        try (RawAmqpClient client = broker.rawClient().open(2047, 131072, 1)) {
            assertInstanceOf(HeartbeatFrame.class, client.read(), "an idle connection gets heartbeats");
            long start = System.nanoTime();
            assertTrue(client.awaitServerClose(), "a peer silent for two intervals is dropped");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs < 9_000, "dropped after about two heartbeat intervals, not at the socket timeout");
        }
    }
}
