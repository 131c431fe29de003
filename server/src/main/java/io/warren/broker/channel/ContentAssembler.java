package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.warren.broker.ProtocolException;
import io.warren.codec.BasicMethod;
import io.warren.codec.BasicProperties;
import io.warren.codec.ContentBodyFrame;
import io.warren.codec.ContentHeaderFrame;
import io.warren.codec.Frame;
import io.warren.codec.ReplyCode;

/**
 * Assembles one channel's content-bearing method, content header and body frames into an
 * {@link InboundMessage}, enforcing the frame order with RabbitMQ's 505 texts and
 * {@code max_message_size} with its 406 text.
 *
 * <p>A body that arrives in one frame is kept as that frame's slice; a body in several frames
 * becomes a composite of the slices, the bytes of frames of 4 KiB and more never copied (smaller
 * frames are copied together, so that a body in a million tiny frames stays cheap). Confined to the
 * connection's event loop.
 */
final class ContentAssembler {
    private enum State { IDLE, AWAITING_HEADER, AWAITING_BODY }

    /** Body frames smaller than this are copied rather than kept as components of the body. */
    static final int SMALL_FRAME = 4096;

    private final long maxMessageSize;
    private State state = State.IDLE;
    private BasicMethod.Publish method;
    private BasicProperties properties;
    private long remaining;
    private ByteBuf body;
    /** Small frames' bytes, copied, waiting to join the body. */
    private ByteBuf tail;

    ContentAssembler(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    boolean idle() {
        return state == State.IDLE;
    }

    /** Starts a message after its content-bearing method frame. */
    void begin(BasicMethod.Publish publish) {
        method = publish;
        state = State.AWAITING_HEADER;
    }

    /**
     * Feeds the next frame of the message under assembly. Returns the complete message, or
     * {@code null} while more frames are due. Throws {@link ProtocolException} on a frame out of order.
     */
    InboundMessage accept(Frame frame, ByteBufAllocator alloc) {
        if (state == State.AWAITING_HEADER) {
            if (!(frame instanceof ContentHeaderFrame header)) {
                if (frame instanceof ContentBodyFrame stray) stray.payload().release();
                throw unexpected("expected content header for class 60, got non content header frame instead");
            }
            if (header.classId() != BasicMethod.CLASS_ID) {
                throw unexpected("expected content header for class 60, got one for class " + header.classId() + " instead");
            }
            if (header.bodySize() > maxMessageSize) {
                throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED,
                        "message size " + header.bodySize() + " is larger than configured max size " + maxMessageSize, method);
            }
            properties = header.properties();
            remaining = header.bodySize();
            state = State.AWAITING_BODY;
            return remaining == 0 ? complete(alloc.buffer(0, 0)) : null;
        }
        if (!(frame instanceof ContentBodyFrame bodyFrame)) {
            throw unexpected("expected content body, got non content body frame instead");
        }
        ByteBuf payload = bodyFrame.payload();
        int size = payload.readableBytes();
        if (size > remaining) {
            payload.release();
            throw unexpected("content body frame of " + size + " bytes exceeds the " + remaining
                    + " bytes remaining of the size announced in the content header");
        }
        remaining -= size;
        append(payload, alloc);
        if (remaining != 0) return null;
        flushTail(alloc);
        return complete(body);
    }

    /**
     * Adds a body frame's payload. Frames of at least {@link #SMALL_FRAME} octets join the body as they are (no
     * copy); smaller ones are copied into a growing tail buffer, so a body sent in many tiny frames costs linear
     * time and a bounded number of components (a composite that consolidates would copy quadratically).
     */
    private void append(ByteBuf payload, ByteBufAllocator alloc) {
        if (body == null) {
            body = payload;
        } else if (payload.readableBytes() < SMALL_FRAME) {
            if (tail == null) tail = alloc.buffer((int) Math.min(payload.readableBytes() + remaining, 4 * SMALL_FRAME));
            tail.writeBytes(payload);
            payload.release();
        } else {
            flushTail(alloc);
            composite(alloc).addComponent(true, payload);
        }
    }

    private void flushTail(ByteBufAllocator alloc) {
        if (tail == null) return;
        composite(alloc).addComponent(true, tail);
        tail = null;
    }

    private CompositeByteBuf composite(ByteBufAllocator alloc) {
        if (body instanceof CompositeByteBuf composite) return composite;
        CompositeByteBuf composite = alloc.compositeBuffer(Integer.MAX_VALUE);
        composite.addComponent(true, body);
        body = composite;
        return composite;
    }

    private InboundMessage complete(ByteBuf completeBody) {
        InboundMessage message = new InboundMessage(method, properties, completeBody);
        body = null;
        method = null;
        properties = null;
        state = State.IDLE;
        return message;
    }

    private ProtocolException unexpected(String explanation) {
        return ProtocolException.of(ReplyCode.UNEXPECTED_FRAME, explanation, method);
    }

    /** Drops a partly received message (channel or connection closing). */
    void discard() {
        if (body != null) body.release();
        if (tail != null) tail.release();
        body = null;
        tail = null;
        method = null;
        properties = null;
        state = State.IDLE;
    }
}
