package io.warren.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Encodes {@link Frame}s, {@link ContentCommand}s and {@link ProtocolHeader}s. Stateless and
 * sharable: use {@link #INSTANCE}.
 *
 * <p>Small content is copied into the same pooled buffer as its method and header frames (one
 * buffer per delivery). A body larger than {@link #COPY_THRESHOLD} is written by reference, as
 * slices between small frame-boundary buffers, so fan-out and large messages never copy it.
 * Writes are not flushed here: the connection flushes once per batch.
 */
@ChannelHandler.Sharable
public final class AmqpFrameEncoder extends ChannelOutboundHandlerAdapter {
    public static final AmqpFrameEncoder INSTANCE = new AmqpFrameEncoder();

    /** Bodies up to this size are copied into the frame buffer; larger ones go by reference. */
    public static final int COPY_THRESHOLD = 8192;

    private static final ByteBuf FRAME_END_BYTE = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(1).writeByte(Frame.FRAME_END).asReadOnly());

    private AmqpFrameEncoder() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ContentCommand command) {
            writeContent(ctx, command, promise);
        } else if (msg instanceof Frame frame) {
            writeFrame(ctx, frame, promise);
        } else if (msg instanceof ProtocolHeader header) {
            ctx.write(Unpooled.wrappedBuffer(header.octets()), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private static void writeFrame(ChannelHandlerContext ctx, Frame frame, ChannelPromise promise) {
        ByteBuf out = ctx.alloc().ioBuffer(frame instanceof ContentBodyFrame b ? b.payload().readableBytes() + Frame.OVERHEAD : 256);
        try {
            FrameWriter.writeFrame(out, frame);
        } catch (RuntimeException e) {
            out.release();
            promise.setFailure(e);
            return;
        } finally {
            if (frame instanceof ContentBodyFrame b) b.payload().release();
        }
        ctx.write(out, promise);
    }

    private static void writeContent(ChannelHandlerContext ctx, ContentCommand command, ChannelPromise promise) {
        ByteBuf body = command.body();
        int bodySize = body.readableBytes();
        long maxPayload = command.maxFrameSize() == 0 ? Integer.MAX_VALUE : command.maxFrameSize() - Frame.OVERHEAD;
        boolean copy = bodySize <= COPY_THRESHOLD && bodySize <= maxPayload;
        ByteBuf out = ctx.alloc().ioBuffer(256 + (copy ? bodySize : 0));
        try {
            FrameWriter.writeMethodFrame(out, command.channel(), command.method());
            FrameWriter.writeContentHeaderFrame(out, command.channel(), command.method().protocolClassId(), bodySize, command.properties());
            if (copy) {
                if (bodySize > 0) FrameWriter.writeBodyFrame(out, command.channel(), body);
                body.release();
                ctx.write(out, promise);
                return;
            }
        } catch (RuntimeException e) {
            out.release();
            body.release();
            promise.setFailure(e);
            return;
        }
        writeBodyByReference(ctx, command.channel(), out, body, (int) Math.min(maxPayload, Integer.MAX_VALUE), promise);
    }

    /** Writes {@code prefix}, then each body chunk as a retained slice framed by small header buffers. */
    private static void writeBodyByReference(ChannelHandlerContext ctx, int channel, ByteBuf prefix, ByteBuf body,
                                             int maxPayload, ChannelPromise promise) {
        ByteBuf pending = prefix;
        int index = body.readerIndex();
        int remaining = body.readableBytes();
        while (remaining > 0) {
            int chunk = Math.min(remaining, maxPayload);
            pending.writeByte(Frame.TYPE_BODY).writeShort(channel).writeInt(chunk);
            ctx.write(pending, ctx.voidPromise());
            ctx.write(body.retainedSlice(index, chunk), ctx.voidPromise());
            index += chunk;
            remaining -= chunk;
            pending = remaining > 0 ? ctx.alloc().ioBuffer(Frame.OVERHEAD).writeByte(Frame.FRAME_END) : null;
        }
        body.release();
        ctx.write(FRAME_END_BYTE.duplicate(), promise);
    }
}
