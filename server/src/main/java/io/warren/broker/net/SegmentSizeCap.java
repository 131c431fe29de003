package io.warren.broker.net;

import io.netty.channel.ChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;

/**
 * Caps the TCP segment size of every accepted AMQP socket at {@value #MAX_SEGMENT} bytes: {@code TCP_MAXSEG}
 * on the listening socket, which the sockets it accepts inherit. Linux clamps both directions to it (what
 * the broker sends, and the MSS it announces to the client).
 *
 * <p>Why: over loopback the segment size is 64 KiB, and a client socket starts with a 128 KiB receive buffer
 * (Linux's {@code tcp_rmem} default). A consumer flooded with small deliveries can drop such a segment when
 * its buffer is full; the window it then offers (about 64,500 bytes) stays just below one segment, and
 * the broker's kernel sends only when its 200 ms persist timer fires, 64 KiB at a time. Receive-buffer
 * autotuning measures the rate per round trip and never grows the buffer again, so the connection stays at
 * a few thousand deliveries per second while several megabytes wait in the broker's socket. Seen with
 * PerfTest's 16-byte scenario in about one run in eight (ss: {@code rwnd_limited}, {@code snd_wnd} below
 * {@code mss}, client {@code rb131072}). With 16 KiB segments a 128 KiB buffer holds several, so the
 * window never falls below one. Across a network the path MTU keeps segments far smaller than this cap,
 * so it changes nothing there.
 *
 * <p>Only Netty's native epoll transport can set it; under NIO the listener is left as it is.
 */
final class SegmentSizeCap {
    static final int MAX_SEGMENT = 16 * 1024;

    private static final int IPPROTO_TCP = 6;
    private static final int TCP_MAXSEG = 2;

    /** {@code setsockopt(IPPROTO_TCP, TCP_MAXSEG)} through Netty's epoll transport. */
    static final ChannelOption<Integer> OPTION = new IntegerUnixChannelOption("TCP_MAXSEG", IPPROTO_TCP, TCP_MAXSEG);

    private SegmentSizeCap() {
    }
}
