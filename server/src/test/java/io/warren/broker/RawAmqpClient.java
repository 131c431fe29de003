package io.warren.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warren.codec.AmqpFrameDecoder;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.Frame;
import io.warren.codec.FrameWriter;
import io.warren.codec.LongString;
import io.warren.codec.Method;
import io.warren.codec.MethodFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;

/**
 * A deliberately low-level AMQP client for tests that must send what real clients never send:
 * raw bytes, bad frames, out-of-order methods. Frames it reads are decoded with Warren's own codec.
 */
public final class RawAmqpClient implements AutoCloseable {
    public static final Map<String, Object> CAPABILITIES =
            Map.of("capabilities", Map.of("authentication_failure_close", true));

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new AmqpFrameDecoder(false, 0));

    private RawAmqpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        socket.setSoTimeout(10_000);
    }

    public static RawAmqpClient connect(int port) throws IOException {
        return new RawAmqpClient(new Socket("127.0.0.1", port));
    }

    /** A client whose socket buffers at most about {@code receiveBuffer} bytes it has not read. */
    public static RawAmqpClient connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        return new RawAmqpClient(socket);
    }

    public RawAmqpClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public RawAmqpClient send(int channel, Method method) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        FrameWriter.writeMethodFrame(buf, channel, method);
        return sendAndRelease(buf);
    }

    public RawAmqpClient send(Frame frame) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        FrameWriter.writeFrame(buf, frame);
        return sendAndRelease(buf);
    }

    private RawAmqpClient sendAndRelease(ByteBuf buf) throws IOException {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return sendBytes(bytes);
    }

    /** Sends the protocol header and reads connection.start. */
    public ConnectionMethod.Start start() throws IOException {
        sendBytes(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
        return (ConnectionMethod.Start) readMethod();
    }

    /** Runs the whole handshake as guest/guest with the given tuning; returns after open-ok. */
    public RawAmqpClient open(int channelMax, long frameMax, int heartbeat) throws IOException {
        start();
        send(0, new ConnectionMethod.StartOk(CAPABILITIES, "PLAIN", LongString.of("\0guest\0guest"), "en_US"));
        readMethod(); // tune
        send(0, new ConnectionMethod.TuneOk(channelMax, frameMax, heartbeat));
        send(0, new ConnectionMethod.Open("/", "", false));
        Method openOk = readMethod();
        if (!(openOk instanceof ConnectionMethod.OpenOk)) throw new IOException("expected open-ok, got " + openOk);
        return this;
    }

    public RawAmqpClient open() throws IOException {
        return open(2047, 131072, 0);
    }

    /** Reads the next frame, or throws on timeout or end of stream. */
    public Object read() throws IOException {
        Object decoded;
        while ((decoded = decoder.readInbound()) == null) {
            byte[] chunk = new byte[4096];
            int n = in.read(chunk);
            if (n < 0) throw new IOException("end of stream");
            decoder.writeInbound(Unpooled.wrappedBuffer(chunk, 0, n));
        }
        return decoded;
    }

    public Method readMethod() throws IOException {
        Object frame = read();
        if (frame instanceof MethodFrame m) return m.method();
        throw new IOException("expected a method frame, got " + frame);
    }

    /** Reads until the server closes the socket; true when it did within the socket timeout. */
    public boolean awaitServerClose() throws IOException {
        try {
            while (true) {
                try {
                    read();
                } catch (IOException e) {
                    if (e instanceof SocketTimeoutException) return false;
                    return true;
                }
            }
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Reads raw bytes until the server closes the socket. */
    public byte[] readAllBytes() throws IOException {
        return in.readAllBytes();
    }

    public void soTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        decoder.finishAndReleaseAll();
        socket.close();
    }
}
