package io.warren.broker.channel;

import io.warren.broker.ProtocolException;
import io.warren.codec.AccessMethod;
import io.warren.codec.AmqpError;
import io.warren.codec.BasicMethod;
import io.warren.codec.ChannelMethod;
import io.warren.codec.ContentBodyFrame;
import io.warren.codec.Frame;
import io.warren.codec.Method;
import io.warren.codec.MethodFrame;
import io.warren.codec.ReplyCode;

/**
 * One AMQP channel of a connection: its open/closing life cycle, the assembly of published
 * content, and the dispatch of its methods.
 *
 * <p>Confined to the connection's event loop. A channel error sends channel.close and puts the
 * channel in {@code closing}: until the client's close-ok, everything else it sends on this
 * channel is discarded, as the spec requires.
 */
public final class AmqpChannel {
    private final int number;
    private final ChannelOwner owner;
    private final ContentAssembler assembler;
    private boolean closing;

    public AmqpChannel(int number, ChannelOwner owner, long maxMessageSize) {
        this.number = number;
        this.owner = owner;
        this.assembler = new ContentAssembler(maxMessageSize);
    }

    public int number() {
        return number;
    }

    /**
     * Handles one inbound frame for this channel. A {@link ProtocolException} thrown here is a
     * channel or connection error for the connection to act on.
     */
    public void onFrame(Frame frame) {
        if (closing) {
            discardWhileClosing(frame);
            return;
        }
        if (!assembler.idle()) {
            InboundMessage message = assembler.accept(frame, owner.alloc());
            if (message != null) onPublish(message);
            return;
        }
        if (!(frame instanceof MethodFrame methodFrame)) {
            if (frame instanceof ContentBodyFrame body) body.payload().release();
            throw ProtocolException.of(ReplyCode.UNEXPECTED_FRAME, "expected method frame, got non method frame instead", null);
        }
        onMethod(methodFrame.method());
    }

    private void onMethod(Method method) {
        if (method instanceof BasicMethod.Publish publish) {
            assembler.begin(publish);
        } else if (method instanceof ChannelMethod.Close) {
            assembler.discard();
            owner.write(new MethodFrame(number, new ChannelMethod.CloseOk()));
            owner.channelClosed(number);
        } else if (method instanceof ChannelMethod.Flow flow) {
            if (!flow.active()) throw ProtocolException.of(ReplyCode.NOT_IMPLEMENTED, "active=false", method);
            owner.write(new MethodFrame(number, new ChannelMethod.FlowOk(true)));
        } else if (method instanceof ChannelMethod.FlowOk || method instanceof ChannelMethod.CloseOk) {
            // Answers to methods this server never sends on an open channel: nothing to do.
        } else if (method instanceof AccessMethod.Request) {
            owner.write(new MethodFrame(number, new AccessMethod.RequestOk(1)));
        } else if (method.hasContent() || method instanceof ChannelMethod.OpenOk) {
            throw ProtocolException.of(ReplyCode.COMMAND_INVALID, "unimplemented method", method);
        } else {
            throw ProtocolException.of(ReplyCode.NOT_IMPLEMENTED, method.protocolName() + " is not implemented yet", method);
        }
    }

    private void onPublish(InboundMessage message) {
        message.body().release();
        throw ProtocolException.of(ReplyCode.NOT_IMPLEMENTED, "basic.publish is not implemented yet", message.publish());
    }

    /** Sends channel.close for a channel-level error and waits for the client's close-ok. */
    public void closeWithError(AmqpError error) {
        assembler.discard();
        closing = true;
        owner.write(new MethodFrame(number, new ChannelMethod.Close(error.replyCode(), error.replyText(),
                error.classId(), error.methodId())));
    }

    private void discardWhileClosing(Frame frame) {
        if (frame instanceof ContentBodyFrame body) {
            body.payload().release();
        } else if (frame instanceof MethodFrame m && m.method() instanceof ChannelMethod.CloseOk) {
            owner.channelClosed(number);
        } else if (frame instanceof MethodFrame m && m.method() instanceof ChannelMethod.Close) {
            owner.write(new MethodFrame(number, new ChannelMethod.CloseOk()));
            owner.channelClosed(number);
        }
    }

    /** Frees what the channel holds; the connection is going away. */
    public void release() {
        assembler.discard();
    }
}
