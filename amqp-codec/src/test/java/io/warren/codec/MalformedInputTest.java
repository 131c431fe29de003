package io.warren.codec;

import static io.warren.codec.TestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Malformed input becomes exactly one {@link AmqpError} with RabbitMQ's code and text, after
 * which the decoder discards everything.
 */
class MalformedInputTest {

    /** Valid frames sent after the bad one: they must never come out. */
    private static final byte[] MORE = concat(
            encode(HeartbeatFrame.INSTANCE),
            encode(new MethodFrame(1, new BasicMethod.Ack(1, false))),
            encode(new ContentBodyFrame(1, Unpooled.wrappedBuffer(bytes(1, 2, 3)))));

    /** Checks {@code wire} gives exactly {@code expected}, whole, byte by byte, and followed by more input. */
    private static void assertError(byte[] wire, AmqpError expected) {
        assertError(wire, expected, FRAME_MAX);
    }

    private static void assertError(byte[] wire, AmqpError expected, long frameMax) {
        for (int mode = 0; mode < 3; mode++) {
            UnpooledByteBufAllocator alloc = trackingAllocator();
            EmbeddedChannel ch = channel(alloc, new AmqpFrameDecoder(false, frameMax));
            List<Object> out = switch (mode) {
                case 0 -> feedWhole(ch, wire);
                case 1 -> feedBytewise(ch, wire);
                default -> feedWhole(ch, concat(wire, MORE)); // the rest arrives in the same read
            };
            assertEquals(List.of(expected), out, "mode " + mode);
            assertEquals(List.of(), feedWhole(ch, MORE), "input after the error is discarded (mode " + mode + ")");
            assertEquals(List.of(), feedBytewise(ch, MORE), "input after the error is discarded (mode " + mode + ")");
            finish(ch);
            assertNoLeaks(alloc);
        }
        assertTrue(expected.closesConnection());
    }

    private static byte[] frame(int type, int channel, byte[] payload) {
        return concat(bytes(type, channel >> 8, channel, payload.length >>> 24, payload.length >> 16, payload.length >> 8, payload.length),
                payload, bytes(0xCE));
    }

    private static byte[] methodPayload(Method m) {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeShort(m.protocolClassId()).writeShort(m.protocolMethodId());
            m.encodeArguments(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Erlang's {@code ~w} of a binary, as in RabbitMQ's "cannot decode ~w". */
    private static String w(byte[] bytes, int from) {
        StringJoiner j = new StringJoiner(",", "<<", ">>");
        for (int i = from; i < bytes.length; i++) j.add(Integer.toString(bytes[i] & 0xFF));
        return j.toString();
    }

    // ---------------------------------------------------------------- RabbitMQ 3.10's answers

    @Test
    void badFrameEnd() {
        byte[] wire = frame(1, 0, methodPayload(new ConnectionMethod.Open("/", "", false)));
        wire[wire.length - 1] = 0;
        assertError(wire, new AmqpError(501,
                "FRAME_ERROR - type 1, all octets = <<0,10,0,40,1,47,0,0>>: {invalid_frame_end_marker,0}", 0, 0));
    }

    @Test
    void frameTooLargeIsRefusedFromItsHeaderAlone() {
        byte[] header = bytes(3, 0, 1, 0, 0x03, 0x0D, 0x40); // body frame, 200000 bytes announced
        assertError(header, new AmqpError(501, "FRAME_ERROR - type 3, all octets = <<>>: {frame_too_large,200000,131064}", 0, 0));
        // The largest frame that fits is accepted: as RabbitMQ, up to 8 octets over frame_max - 8.
        byte[] fits = frame(3, 1, new byte[131072]);
        UnpooledByteBufAllocator alloc = trackingAllocator();
        EmbeddedChannel ch = decoderChannel(alloc);
        List<Object> out = feed(ch, fits, 8192);
        assertEquals(1, out.size());
        assertEquals(131072, ((ContentBodyFrame) out.get(0)).payload().readableBytes());
        release(out);
        finish(ch);
        assertNoLeaks(alloc);
        // One octet more is not.
        assertError(frame(3, 1, new byte[131073]),
                new AmqpError(501, "FRAME_ERROR - type 3, all octets = <<>>: {frame_too_large,131073,131064}", 0, 0));
    }

    @Test
    void unknownFrameType() {
        assertError(frame(5, 0, ascii("abc")), new AmqpError(501, "FRAME_ERROR - type 5, all octets = <<\"abc\">>: unknown_frame", 0, 0));
    }

    @Test
    void longPayloadsAreShownByTheirFirst16Octets() {
        byte[] payload = new byte[40];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) i;
        assertError(frame(7, 3, payload), new AmqpError(501,
                "FRAME_ERROR - type 7, first 16 octets = <<0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15>>: unknown_frame", 0, 0));
    }

    @Test
    void truncatedMethodArguments() {
        // queue.declare: ticket 0, then a queue name of 5 octets of which only "ab" arrived.
        assertError(frame(1, 1, bytes(0, 50, 0, 10, 0, 0, 5, 'a', 'b')),
                new AmqpError(501, "FRAME_ERROR - cannot decode <<0,0,5,97,98>>", 50, 10));
    }

    @Test
    void cannotDecodeShowsOctetsAsNumbersEvenWhenPrintable() {
        // RabbitMQ formats the arguments with ~w: never as a string. basic.consume-ok, tag of length 'c' (99).
        assertError(frame(1, 1, bytes(0, 60, 0, 21, 'c', 'a', 'b')),
                new AmqpError(501, "FRAME_ERROR - cannot decode <<99,97,98>>", 60, 21));
    }

    @Test
    void heartbeatOnAChannel() {
        assertError(frame(8, 1, new byte[0]), new AmqpError(505, "UNEXPECTED_FRAME - type 8, all octets = <<>>", 0, 0));
    }

    @Test
    void heartbeatWithAPayloadIsAnUnknownFrame() {
        // rabbit_command_assembler:analyze_frame only knows heartbeats with an empty payload.
        assertError(frame(8, 0, bytes(1)), new AmqpError(501, "FRAME_ERROR - type 8, all octets = <<1>>: unknown_frame", 0, 0));
        assertError(frame(8, 2, bytes(1, 2)), new AmqpError(501, "FRAME_ERROR - type 8, all octets = <<1,2>>: unknown_frame", 0, 0));
    }

    @Test
    void unknownClassOrMethod() {
        assertError(frame(1, 0, bytes(0, 99, 0, 10)),
                new AmqpError(540, "NOT_IMPLEMENTED - unknown method: class 99, method 10", 99, 10));
        assertError(frame(1, 1, bytes(0, 60, 0, 41, 1, 2, 3)),
                new AmqpError(540, "NOT_IMPLEMENTED - unknown method: class 60, method 41", 60, 41));
    }

    @Test
    void methodFrameShorterThanItsIds() {
        // analyze_frame needs <<ClassId:16, MethodId:16, ...>>; anything shorter is an unknown frame.
        assertError(frame(1, 0, bytes(0, 10)), new AmqpError(501, "FRAME_ERROR - type 1, all octets = <<0,10>>: unknown_frame", 0, 0));
        assertError(frame(1, 0, new byte[0]), new AmqpError(501, "FRAME_ERROR - type 1, all octets = <<>>: unknown_frame", 0, 0));
        assertError(frame(1, 0, bytes(0, 10, 0)), new AmqpError(501, "FRAME_ERROR - type 1, all octets = <<0,10,0>>: unknown_frame", 0, 0));
    }

    @Test
    void contentHeaderShorterThanItsFixedFields() {
        assertError(frame(2, 1, bytes(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                new AmqpError(501, "FRAME_ERROR - type 2, all octets = <<0,60,0,0,0,0,0,0,0,0,0>>: unknown_frame", 0, 0));
    }

    @Test
    void trailingBytesAfterTheArguments() {
        byte[] payload = concat(methodPayload(new BasicMethod.Ack(7, true)), bytes(0xAB));
        assertError(frame(1, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 4), 60, 80));
        // An argument-less method with anything after its ids.
        assertError(frame(1, 1, bytes(0, 90, 0, 10, 0)), new AmqpError(501, "FRAME_ERROR - cannot decode <<0>>", 90, 10));
    }

    // ---------------------------------------------------------------- field tables inside methods

    private static byte[] declareWithArguments(byte[] tableBytes) {
        byte[] head = methodPayload(new QueueMethod.Declare(0, "q", false, true, false, false, false, Map.of()));
        // replace the empty table (last 4 octets) with the given table bytes
        byte[] payload = new byte[head.length - 4 + tableBytes.length];
        System.arraycopy(head, 0, payload, 0, head.length - 4);
        System.arraycopy(tableBytes, 0, payload, head.length - 4, tableBytes.length);
        return payload;
    }

    @Test
    void truncatedTable() {
        byte[] payload = declareWithArguments(bytes(0, 0, 0, 50, 1, 'k', 'V'));
        assertError(frame(1, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 4), 50, 10));
    }

    @Test
    void unknownFieldType() {
        byte[] payload = declareWithArguments(bytes(0, 0, 0, 3, 1, 'k', 'Q'));
        assertError(frame(1, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 4), 50, 10));
    }

    @Test
    void tablesNestedTooDeep() {
        ByteBuf table = Unpooled.buffer();
        FieldCodec.writeTable(table, FieldTableTest.nestedTables(FieldCodec.MAX_NESTING));
        byte[] payload = declareWithArguments(ByteBufUtil.getBytes(table));
        table.release();
        assertError(frame(1, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 4), 50, 10));

        // One level less is fine.
        ByteBuf ok = Unpooled.buffer();
        FieldCodec.writeTable(ok, FieldTableTest.nestedTables(FieldCodec.MAX_NESTING - 1));
        byte[] okPayload = declareWithArguments(ByteBufUtil.getBytes(ok));
        ok.release();
        List<Object> out = MethodRoundTripTest.decode(frame(1, 1, okPayload), false);
        assertEquals(FieldTableTest.nestedTables(FieldCodec.MAX_NESTING - 1), ((QueueMethod.Declare) ((MethodFrame) out.get(0)).method()).arguments());
    }

    @Test
    void outOfRangeTimestampInATable() {
        byte[] payload = declareWithArguments(bytes(0, 0, 0, 11, 1, 'k', 'T', 0x80, 0, 0, 0, 0, 0, 0, 0));
        assertError(frame(1, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 4), 50, 10));
    }

    // ---------------------------------------------------------------- content headers

    @Test
    void contentHeaderWithTruncatedProperties() {
        // flags announce content-type (bit 15) but the string is cut short
        byte[] payload = bytes(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x80, 0, 9, 'a');
        assertError(frame(2, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 0), 0, 0));
    }

    @Test
    void contentHeaderWithNegativeBodySize() {
        byte[] payload = bytes(0, 60, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0);
        assertError(frame(2, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 0), 0, 0));
    }

    @Test
    void contentHeaderWithOutOfRangeTimestamp() {
        byte[] payload = bytes(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x40, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        assertError(frame(2, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 0), 0, 0));
    }

    @Test
    void contentHeaderWithTrailingBytes() {
        byte[] payload = bytes(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 7);
        assertError(frame(2, 1, payload), new AmqpError(501, "FRAME_ERROR - cannot decode " + w(payload, 0), 0, 0));
    }

    // ---------------------------------------------------------------- the error record itself

    @Test
    void longCannotDecodeTextsAreCutLikeRabbitMQsSoTheyFitConnectionClose() {
        // RabbitMQ sends <<Text:252/binary, "...">> when "CODE - explanation" exceeds a short string.
        byte[] payload = declareWithArguments(concat(bytes(0, 0, 1, 0), new byte[200])); // table size 256 > 200 left
        StringBuilder full = new StringBuilder("FRAME_ERROR - cannot decode ").append(w(payload, 4));
        assertTrue(full.length() > 255);
        assertError(frame(1, 1, payload), new AmqpError(501, full.substring(0, 252) + "...", 50, 10));
    }

    @Test
    void everyReplyTextFitsAShortString() {
        AmqpError ascii = new AmqpError(404, "NOT_FOUND - no queue '" + "q".repeat(255) + "' in vhost '/'", 50, 10);
        assertEquals(255, ascii.replyText().length());
        assertEquals("NOT_FOUND - no queue '" + "q".repeat(230) + "...", ascii.replyText());
        // Multi-byte characters are never split: the cut backs up to a character boundary.
        AmqpError utf8 = AmqpError.of(404, "no queue 'x" + "é".repeat(200) + "'", 50, 10);
        byte[] encoded = utf8.replyText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(251 + 3, encoded.length, "octet 252 would split an é: cut after 251");
        assertTrue(utf8.replyText().endsWith("é..."), utf8.replyText());
        String exact = "x".repeat(255);
        assertEquals(exact, new AmqpError(200, exact, 0, 0).replyText(), "255 octets fit as they are");
        // And so connection.close can always carry it.
        for (AmqpError e : List.of(ascii, utf8)) {
            ByteBuf buf = Unpooled.buffer();
            new ConnectionMethod.Close(e.replyCode(), e.replyText(), e.classId(), e.methodId()).encodeArguments(buf);
            buf.release();
        }
    }


    @Test
    void amqpErrorHelpers() {
        AmqpError e = AmqpError.of(ReplyCode.NOT_FOUND, "no queue 'q' in vhost '/'", new QueueMethod.Declare(0, "q", true, false, false, false, false, null));
        assertEquals(new AmqpError(404, "NOT_FOUND - no queue 'q' in vhost '/'", 50, 10), e);
        assertEquals(false, e.closesConnection());
        assertEquals(new AmqpError(541, "INTERNAL_ERROR - boom", 0, 0), AmqpError.of(541, "boom", null));
        assertEquals("UNKNOWN_999", ReplyCode.name(999));
    }

    @Test
    void erlangFormat() {
        assertEquals("<<>>", ErlangFormat.binary(new byte[0], 0, 0));
        assertEquals("<<\"abc\">>", ErlangFormat.binary(ascii("abc"), 0, 3));
        assertEquals("<<\"a\\\"b\\\\\">>", ErlangFormat.binary(ascii("a\"b\\"), 0, 4));
        assertEquals("<<0,255,97>>", ErlangFormat.binary(bytes(0, 255, 'a'), 0, 3));
        assertEquals("<<\"b\">>", ErlangFormat.binary(bytes('a', 'b'), 1, 1));
    }
}
