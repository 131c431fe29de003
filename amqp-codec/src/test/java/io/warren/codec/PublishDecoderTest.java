package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** basic.publish decoded with repeated strings reused: the same values as the generated decoder, fewer strings. */
class PublishDecoderTest {

    @Test
    void aConnectionsRepeatedExchangeAndRoutingKeyAreOneStringEach() {
        BasicMethod.Publish toOrders = new BasicMethod.Publish(0, "amq.direct", "orders.eu", false, false);
        BasicMethod.Publish toAudit = new BasicMethod.Publish(0, "amq.direct", "audit", true, false);
        List<BasicMethod.Publish> decoded = decodeInOneRead(new MethodFrame(1, toOrders), new MethodFrame(1, toOrders),
                new MethodFrame(2, toAudit), new MethodFrame(1, toOrders));

        assertEquals(List.of(toOrders, toOrders, toAudit, toOrders), decoded);
        assertSame(decoded.get(0).routingKey(), decoded.get(1).routingKey(), "a repeated routing key is the same string");
        assertSame(decoded.get(0).exchange(), decoded.get(2).exchange(), "so is a repeated exchange, across channels");
        assertNotSame(decoded.get(1).routingKey(), decoded.get(3).routingKey(), "only the last string is kept");
    }

    @Test
    void aRepeatedPublishIsOneMethodAndAChangedFlagANewOne() {
        BasicMethod.Publish plain = new BasicMethod.Publish(0, "amq.direct", "orders", false, false);
        BasicMethod.Publish mandatory = new BasicMethod.Publish(0, "amq.direct", "orders", true, false);
        List<BasicMethod.Publish> decoded = decodeInOneRead(new MethodFrame(1, plain), new MethodFrame(1, plain),
                new MethodFrame(1, mandatory), new MethodFrame(1, plain));

        assertEquals(List.of(plain, plain, mandatory, plain), decoded);
        assertSame(decoded.get(0), decoded.get(1), "an identical publish is the same (immutable) method");
        assertNotSame(decoded.get(1), decoded.get(2), "another flag makes another method");
    }

    /** The publishes of {@code frames}, decoded from one read by a fresh decoder that leaks nothing. */
    private static List<BasicMethod.Publish> decodeInOneRead(MethodFrame... frames) {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = decoderChannel(alloc);
        List<Object> out = feedWhole(ch, encode(frames));
        List<BasicMethod.Publish> decoded = out.stream().map(f -> (BasicMethod.Publish) ((MethodFrame) f).method()).toList();
        release(out);
        finish(ch);
        assertNoLeaks(alloc);
        return decoded;
    }

    @Test
    void aTruncatedRoutingKeyIsStillACannotDecodeError() {
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = decoderChannel(alloc);
        // class 60, method 40, ticket 0, exchange "", routing key of 5 octets of which 2 arrive, then the frame ends
        byte[] payload = bytes(0, 60, 0, 40, 0, 0, 0, 5, 'a', 'b');
        byte[] frame = concat(bytes(1, 0, 1, 0, 0, 0, payload.length), payload, bytes(0xCE));
        List<Object> out = feedWhole(ch, frame);
        AmqpError error = (AmqpError) out.get(0);
        assertEquals(ReplyCode.FRAME_ERROR, error.replyCode());
        assertEquals("FRAME_ERROR - cannot decode <<0,0,0,5,97,98>>", error.replyText());
        finish(ch);
        assertNoLeaks(alloc);
    }

    /** Whatever the octets (invalid UTF-8, truncated strings), both decoders agree, also when reading them twice. */
    @Property(tries = 500)
    void decodesAsTheGeneratedDecoder(@ForAll @Size(max = 80) byte[] arguments) {
        PublishDecoder publishes = new PublishDecoder();
        for (int pass = 0; pass < 2; pass++) {
            Object expected = decodeOrError(() -> BasicMethod.Publish.decode(Unpooled.wrappedBuffer(arguments)));
            ByteBuf in = Unpooled.wrappedBuffer(arguments);
            Object actual = decodeOrError(() -> publishes.decode(in));
            assertEquals(expected, actual);
        }
    }

    private static Object decodeOrError(java.util.function.Supplier<BasicMethod.Publish> decode) {
        try {
            return decode.get();
        } catch (IndexOutOfBoundsException e) {
            return "out of bounds";
        }
    }

    @Test
    void nonAsciiKeysDecodeAsUtf8() {
        BasicMethod.Publish publish = new BasicMethod.Publish(0, "börse", "kurs.zürich", false, false);
        ByteBuf encoded = Unpooled.buffer();
        publish.encodeArguments(encoded);
        PublishDecoder publishes = new PublishDecoder();
        assertEquals(publish, publishes.decode(encoded.copy()));
        assertEquals(publish, publishes.decode(encoded));
        assertThrows(IndexOutOfBoundsException.class, () -> publishes.decode(Unpooled.wrappedBuffer(new byte[] {0, 0, 9, 'x'})));
    }
}
