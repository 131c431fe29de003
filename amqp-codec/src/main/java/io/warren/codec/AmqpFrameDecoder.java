package io.warren.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Turns the bytes of one AMQP connection into a {@link ProtocolHeader}, then {@link Frame}s.
 *
 * <p>State machine: {@code PROTOCOL_HEADER} (8 octets) → {@code FRAMES} → {@code FAILED}.
 * A frame is decoded once all of it (header, payload, end octet) has arrived. Body payloads are
 * emitted as retained slices of the inbound buffer: no copy. A malformed, oversize or unknown
 * frame is emitted as an {@link AmqpError} with RabbitMQ's reply code and text, after which the
 * decoder is {@code FAILED} and discards all further input; no exception leaves this handler.
 *
 * <p>Not sharable: one instance per connection, used only on its event loop. The maximum frame
 * size starts at the protocol minimum (4096, as RabbitMQ before tuning) and is raised by the
 * connection once {@code connection.tune-ok} has been negotiated. As RabbitMQ, it accepts payloads
 * up to frame_max octets (8 more than frame_max allows, since quite a few clients count the frame
 * overhead wrong) and refuses larger ones with {@code {frame_too_large,Size,FrameMax-8}}.
 */
public final class AmqpFrameDecoder extends ByteToMessageDecoder {
    private enum State { PROTOCOL_HEADER, FRAMES, FAILED }

    private State state;
    private long maxFrameSize;
    private final PublishDecoder publishes = new PublishDecoder();

    /** A decoder that first expects the protocol header. */
    public AmqpFrameDecoder() {
        this(true, Frame.MIN_FRAME_MAX);
    }

    /**
     * @param expectProtocolHeader false to start directly with frames (a client-side decoder, tests)
     * @param maxFrameSize the largest frame accepted, overhead included; 0 means no limit
     */
    public AmqpFrameDecoder(boolean expectProtocolHeader, long maxFrameSize) {
        this.state = expectProtocolHeader ? State.PROTOCOL_HEADER : State.FRAMES;
        this.maxFrameSize = maxFrameSize;
        setCumulator(HeadroomCumulator.INSTANCE);
    }

    /** Sets the largest frame accepted (the negotiated frame_max, 0 for unlimited). */
    public void maxFrameSize(long maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case PROTOCOL_HEADER -> decodeProtocolHeader(in, out);
            case FRAMES -> decodeFrame(in, out);
            case FAILED -> in.skipBytes(in.readableBytes());
        }
    }

    private void decodeProtocolHeader(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 8) return;
        byte[] octets = new byte[8];
        in.readBytes(octets);
        ProtocolHeader header = new ProtocolHeader(octets);
        state = header.supported() ? State.FRAMES : State.FAILED;
        out.add(header);
    }

    private void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Frame.HEADER_SIZE) return;
        int start = in.readerIndex();
        int type = in.getUnsignedByte(start);
        int channel = in.getUnsignedShort(start + 1);
        long size = in.getUnsignedInt(start + 3);
        // RabbitMQ lets a payload run up to 8 octets over frame_max - 8 ({@code FRAME_SIZE_FUDGE}): clients get it wrong
        if (maxFrameSize != 0 && size > maxFrameSize) {
            fail(in, out, frameError(type, new byte[0], 0, 0,
                    "{frame_too_large," + size + "," + (maxFrameSize - Frame.OVERHEAD) + "}"));
            return;
        }
        if (in.readableBytes() < size + Frame.OVERHEAD) return;
        int payloadIndex = start + Frame.HEADER_SIZE;
        int payloadSize = (int) size;
        int end = in.getUnsignedByte(payloadIndex + payloadSize);
        if (end != Frame.FRAME_END) {
            fail(in, out, frameError(type, in, payloadIndex, payloadSize, "{invalid_frame_end_marker," + end + "}"));
            return;
        }
        Object decoded = decodePayload(type, channel, in, payloadIndex, payloadSize);
        in.readerIndex(payloadIndex + payloadSize + 1);
        if (decoded instanceof AmqpError error) {
            fail(in, out, error);
        } else {
            out.add(decoded);
        }
    }

    private Object decodePayload(int type, int channel, ByteBuf in, int index, int size) {
        switch (type) {
            case Frame.TYPE_METHOD:
            case Frame.TYPE_HEADER:
                return decodeInPlace(type, channel, in, index, size);
            case Frame.TYPE_BODY:
                return new ContentBodyFrame(channel, in.retainedSlice(index, size));
            case Frame.TYPE_HEARTBEAT:
                if (size != 0) return frameError(type, in, index, size, "unknown_frame");
                if (channel != 0) {
                    return AmqpError.of(ReplyCode.UNEXPECTED_FRAME,
                            "type 8, " + snippet(in, index, size), 0, 0);
                }
                return HeartbeatFrame.INSTANCE;
            default:
                return frameError(type, in, index, size, "unknown_frame");
        }
    }

    /**
     * Decodes a method or content header frame from the cumulation itself, its reader and writer
     * indexes narrowed to the payload for the duration, instead of from a slice: the decoders copy
     * what they keep, and two slices per publish were 18 % of the objects scenario 1 allocates. Both
     * indexes are put back afterwards, whatever the decoders threw, as a slice would have left them.
     */
    private Object decodeInPlace(int type, int channel, ByteBuf in, int index, int size) {
        int readerIndex = in.readerIndex();
        int writerIndex = in.writerIndex();
        in.setIndex(index, index + size);
        try {
            return type == Frame.TYPE_METHOD ? decodeMethod(channel, in) : decodeContentHeader(channel, in);
        } finally {
            in.setIndex(readerIndex, writerIndex);
        }
    }

    private Object decodeMethod(int channel, ByteBuf payload) {
        if (payload.readableBytes() < 4) { // no class and method id: RabbitMQ cannot analyze the frame
            return frameError(Frame.TYPE_METHOD, payload, payload.readerIndex(), payload.readableBytes(), "unknown_frame");
        }
        int classId = payload.readUnsignedShort();
        int methodId = payload.readUnsignedShort();
        int argumentsIndex = payload.readerIndex();
        try {
            Method method = classId == BasicMethod.CLASS_ID && methodId == BasicMethod.Publish.METHOD_ID
                    ? publishes.decode(payload)
                    : MethodDecoders.decode(classId, methodId, payload);
            if (method == null) {
                return AmqpError.of(ReplyCode.NOT_IMPLEMENTED,
                        "unknown method: class " + classId + ", method " + methodId, classId, methodId);
            }
            if (payload.isReadable()) throw new MalformedFrameException("trailing bytes");
            return new MethodFrame(channel, method);
        } catch (MalformedFrameException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return cannotDecode(payload, argumentsIndex, classId, methodId);
        }
    }

    private static Object decodeContentHeader(int channel, ByteBuf payload) {
        if (payload.readableBytes() < 12) { // class, weight and body size are missing
            return frameError(Frame.TYPE_HEADER, payload, payload.readerIndex(), payload.readableBytes(), "unknown_frame");
        }
        int start = payload.readerIndex();
        try {
            int classId = payload.readUnsignedShort();
            payload.skipBytes(2); // weight, unused
            long bodySize = payload.readLong();
            if (bodySize < 0) throw new MalformedFrameException("negative body size");
            BasicProperties properties = BasicProperties.decode(payload);
            if (payload.isReadable()) throw new MalformedFrameException("trailing bytes");
            return new ContentHeaderFrame(channel, classId, bodySize, properties);
        } catch (MalformedFrameException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return cannotDecode(payload, start, 0, 0);
        }
    }

    /** RabbitMQ's {@code "cannot decode ~w"}: Erlang's ~w prints a binary's octets as numbers, never as a string. */
    private static AmqpError cannotDecode(ByteBuf payload, int fromIndex, int classId, int methodId) {
        StringBuilder sb = new StringBuilder("cannot decode <<");
        for (int i = fromIndex; i < payload.writerIndex(); i++) {
            if (i > fromIndex) sb.append(',');
            sb.append(payload.getUnsignedByte(i));
        }
        return AmqpError.of(ReplyCode.FRAME_ERROR, sb.append(">>").toString(), classId, methodId);
    }

    private static AmqpError frameError(int type, ByteBuf in, int index, int size, String reason) {
        return AmqpError.of(ReplyCode.FRAME_ERROR, "type " + type + ", " + snippet(in, index, size) + ": " + reason, 0, 0);
    }

    private static AmqpError frameError(int type, byte[] payload, int index, int size, String reason) {
        return AmqpError.of(ReplyCode.FRAME_ERROR,
                "type " + type + ", all octets = " + ErlangFormat.binary(payload, index, size) + ": " + reason, 0, 0);
    }

    /** RabbitMQ's "all octets = <<...>>" or "first 16 octets = <<...>>". */
    private static String snippet(ByteBuf in, int index, int size) {
        int shown = Math.min(size, 16);
        byte[] bytes = ByteBufUtil.getBytes(in, index, shown);
        return (size <= 16 ? "all" : "first 16") + " octets = " + ErlangFormat.binary(bytes, 0, shown);
    }

    private void fail(ByteBuf in, List<Object> out, AmqpError error) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        out.add(error);
    }
}
