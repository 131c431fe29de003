package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 8-octet protocol header that starts every connection. */
class ProtocolHeaderTest {
    private static final byte[] AMQP_0_9_1 = bytes('A', 'M', 'Q', 'P', 0, 0, 9, 1);
    private static final byte[] FRAMES = concat(
            encode(HeartbeatFrame.INSTANCE),
            encode(new MethodFrame(0, new ConnectionMethod.StartOk(java.util.Map.of("product", LongString.of("test")),
                    "PLAIN", LongString.of("\0guest\0guest"), "en_US"))));

    private static List<Object> decodeWithHeader(byte[] wire, boolean bytewise) {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = channel(alloc, new AmqpFrameDecoder());
        List<Object> out = bytewise ? feedBytewise(ch, wire) : feedWhole(ch, wire);
        finish(ch);
        release(out);
        assertNoLeaks(alloc);
        return out;
    }

    @Test
    void amqp091IsSupportedAndFramesFollow() {
        for (boolean bytewise : new boolean[] {false, true}) {
            List<Object> out = decodeWithHeader(concat(AMQP_0_9_1, FRAMES), bytewise);
            assertEquals(3, out.size(), out.toString());
            ProtocolHeader header = assertInstanceOf(ProtocolHeader.class, out.get(0));
            assertTrue(header.supported());
            assertArrayEquals(AMQP_0_9_1, header.octets());
            assertArrayEquals(ProtocolHeader.AMQP_0_9_1, header.octets());
            assertEquals(HeartbeatFrame.INSTANCE, out.get(1));
            assertInstanceOf(MethodFrame.class, out.get(2));
        }
    }

    @Test
    void amqp09HeaderIsUnsupportedAndTheRestIsDiscarded() {
        byte[] amqp09 = bytes('A', 'M', 'Q', 'P', 1, 1, 0, 9);
        for (boolean bytewise : new boolean[] {false, true}) {
            List<Object> out = decodeWithHeader(concat(amqp09, FRAMES), bytewise);
            assertEquals(1, out.size(), "nothing after an unsupported header: " + out);
            ProtocolHeader header = assertInstanceOf(ProtocolHeader.class, out.get(0));
            assertFalse(header.supported());
            assertArrayEquals(amqp09, header.octets());
        }
    }

    @Test
    void httpRequestIsUnsupportedAndTheRestIsDiscarded() {
        byte[] http = ascii("GET / HTTP/1.1\r\nHost: localhost:5672\r\n\r\n");
        for (boolean bytewise : new boolean[] {false, true}) {
            List<Object> out = decodeWithHeader(concat(http, FRAMES), bytewise);
            assertEquals(1, out.size(), out.toString());
            ProtocolHeader header = assertInstanceOf(ProtocolHeader.class, out.get(0));
            assertFalse(header.supported());
            assertArrayEquals(ascii("GET / HT"), header.octets());
            assertEquals("ProtocolHeader[GET / HT]", header.toString());
        }
    }

    @Test
    void partialHeaderWaitsForTheRest() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = channel(alloc, new AmqpFrameDecoder());
        assertEquals(List.of(), feedWhole(ch, bytes('A', 'M', 'Q', 'P', 0, 0, 9)));
        List<Object> out = feedWhole(ch, bytes(1));
        assertEquals(1, out.size());
        assertTrue(((ProtocolHeader) out.get(0)).supported());
        finish(ch);
        assertNoLeaks(alloc);
    }

    @Test
    void toStringEscapesNonPrintableOctets() {
        assertEquals("ProtocolHeader[AMQP\\0\\0\\9\\1]", new ProtocolHeader(AMQP_0_9_1).toString());
    }

    @Test
    void defaultDecoderStartsAtTheMinimumFrameMaxUntilTuned() {
        byte[] body = new byte[Frame.MIN_FRAME_MAX + 1]; // RabbitMQ accepts up to frame_max octets of payload
        byte[] frame = encode(new ContentBodyFrame(1, io.netty.buffer.Unpooled.wrappedBuffer(body)));

        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = channel(alloc, new AmqpFrameDecoder());
        List<Object> out = feedWhole(ch, concat(AMQP_0_9_1, frame));
        assertEquals(2, out.size());
        assertEquals(new AmqpError(501, "FRAME_ERROR - type 3, all octets = <<>>: {frame_too_large,4097,4088}", 0, 0), out.get(1));
        finish(ch);
        assertNoLeaks(alloc);

        AmqpFrameDecoder tuned = new AmqpFrameDecoder();
        tuned.maxFrameSize(131072);
        ch = channel(alloc, tuned);
        out = feedWhole(ch, concat(AMQP_0_9_1, frame));
        assertEquals(2, out.size());
        assertEquals(body.length, ((ContentBodyFrame) out.get(1)).payload().readableBytes());
        release(out);
        finish(ch);
        assertNoLeaks(alloc);
    }
}
