package io.warren.codec;

/**
 * One AMQP frame as the decoder produces it and the encoder consumes it. The frame end octet
 * (0xCE) and the size field are the codec's business and do not appear here.
 */
public sealed interface Frame permits MethodFrame, ContentHeaderFrame, ContentBodyFrame, HeartbeatFrame {
    int TYPE_METHOD = 1;
    int TYPE_HEADER = 2;
    int TYPE_BODY = 3;
    int TYPE_HEARTBEAT = 8;
    int FRAME_END = 0xCE;
    /** Type octet, channel short and size long: the bytes before a frame's payload. */
    int HEADER_SIZE = 7;
    /** A frame's bytes besides its payload: the header and the end octet. */
    int OVERHEAD = HEADER_SIZE + 1;
    /** The smallest frame_max a peer may negotiate. */
    int MIN_FRAME_MAX = 4096;

    int channel();
}
