package io.warren.codec;

import io.netty.buffer.ByteBuf;

/** Writes whole frames into a buffer: the encoder's building blocks, also used by clients in tests. */
public final class FrameWriter {
    private FrameWriter() {}

    public static void writeMethodFrame(ByteBuf out, int channel, Method method) {
        int start = beginFrame(out, Frame.TYPE_METHOD, channel);
        out.writeShort(method.protocolClassId()).writeShort(method.protocolMethodId());
        method.encodeArguments(out);
        endFrame(out, start);
    }

    public static void writeContentHeaderFrame(ByteBuf out, int channel, int classId, long bodySize, BasicProperties properties) {
        int start = beginFrame(out, Frame.TYPE_HEADER, channel);
        out.writeShort(classId).writeShort(0).writeLong(bodySize);
        properties.encode(out);
        endFrame(out, start);
    }

    public static void writeBodyFrame(ByteBuf out, int channel, ByteBuf payload) {
        out.writeByte(Frame.TYPE_BODY).writeShort(channel).writeInt(payload.readableBytes());
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        out.writeByte(Frame.FRAME_END);
    }

    public static void writeHeartbeatFrame(ByteBuf out) {
        out.writeByte(Frame.TYPE_HEARTBEAT).writeShort(0).writeInt(0).writeByte(Frame.FRAME_END);
    }

    /** Writes any frame; body payloads are copied (see {@link AmqpFrameEncoder} for the zero-copy path). */
    public static void writeFrame(ByteBuf out, Frame frame) {
        if (frame instanceof MethodFrame m) {
            writeMethodFrame(out, m.channel(), m.method());
        } else if (frame instanceof ContentHeaderFrame h) {
            writeContentHeaderFrame(out, h.channel(), h.classId(), h.bodySize(), h.properties());
        } else if (frame instanceof ContentBodyFrame b) {
            writeBodyFrame(out, b.channel(), b.payload());
        } else {
            writeHeartbeatFrame(out);
        }
    }

    private static int beginFrame(ByteBuf out, int type, int channel) {
        out.writeByte(type).writeShort(channel);
        int sizeIndex = out.writerIndex();
        out.writeInt(0);
        return sizeIndex;
    }

    private static void endFrame(ByteBuf out, int sizeIndex) {
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
        out.writeByte(Frame.FRAME_END);
    }
}
