package io.warren.codec;

/** A frame whose bytes do not follow the AMQP grammar; the decoder turns it into a protocol error. */
public final class MalformedFrameException extends RuntimeException {
    public MalformedFrameException(String message) {
        super(message, null, false, false);
    }
}
