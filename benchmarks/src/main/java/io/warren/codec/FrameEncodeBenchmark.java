package io.warren.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Outbound encode throughput of one delivery: a {@link ContentCommand} of {@code basic.deliver},
 * a content header (content-type, delivery-mode, 2 headers) and a 1 KiB body (copied into one
 * pooled buffer, as {@link AmqpFrameEncoder} does below {@link AmqpFrameEncoder#COPY_THRESHOLD}).
 * One op = one delivery = 3 frames.
 *
 * <ul>
 *   <li>{@code encoder}: {@link AmqpFrameEncoder} in an {@link EmbeddedChannel}, output released.</li>
 *   <li>{@code frameWriter}: the same frames written by {@link FrameWriter} into a pooled buffer, no pipeline.</li>
 *   <li>{@code baselineCopy}: copying the same, pre-encoded bytes into a pooled buffer.</li>
 *   <li>{@code baselinePipelineCopy}: that copy done by a trivial handler in an {@link EmbeddedChannel}:
 *       the difference to {@code encoder} is the codec's own cost.</li>
 * </ul>
 *
 * <pre>
 * java -cp "benchmarks/target/warren-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.openjdk.jmh.Main FrameEncodeBenchmark -f 1 -wi 3 -i 5 -r 2 -w 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class FrameEncodeBenchmark {
    public static final int BODY_SIZE = 1024;

    private final BasicMethod.Deliver deliver = new BasicMethod.Deliver("amq.ctag-Lj8Q2F0cTgEPUw", 123_456L, false, "amq.topic", "orders.eu.created");
    private BasicProperties properties;
    private ByteBuf body;
    private ByteBuf encoded;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private EmbeddedChannel encoderChannel;
    private EmbeddedChannel copyChannel;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("x-tenant", LongString.of("acme"));
        headers.put("x-retries", 3);
        properties = new BasicProperties("application/json", null, headers, 2, null, null, null, null, null, null, null, null, null, null);
        byte[] content = new byte[BODY_SIZE];
        for (int i = 0; i < content.length; i++) content[i] = (byte) ('a' + i % 26);
        body = Unpooled.directBuffer(BODY_SIZE).writeBytes(content);
        encoded = Unpooled.directBuffer(BODY_SIZE + 256);
        writeFrames(encoded);
        encoderChannel = new EmbeddedChannel(new AmqpFrameEncoder());
        copyChannel = new EmbeddedChannel(new CopyEncoder(encoded));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoderChannel.finishAndReleaseAll();
        copyChannel.finishAndReleaseAll();
        body.release();
        encoded.release();
    }

    private void writeFrames(ByteBuf out) {
        FrameWriter.writeMethodFrame(out, 1, deliver);
        FrameWriter.writeContentHeaderFrame(out, 1, BasicMethod.CLASS_ID, body.readableBytes(), properties);
        FrameWriter.writeBodyFrame(out, 1, body);
    }

    @Benchmark
    public int encoder(Blackhole bh) {
        encoderChannel.writeOutbound(new ContentCommand(1, deliver, properties, body.retainedDuplicate(), 131072));
        return drain(encoderChannel, bh);
    }

    @Benchmark
    public int frameWriter() {
        ByteBuf out = alloc.ioBuffer(256 + BODY_SIZE);
        writeFrames(out);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int baselineCopy() {
        ByteBuf out = alloc.ioBuffer(256 + BODY_SIZE);
        out.writeBytes(encoded, encoded.readerIndex(), encoded.readableBytes());
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int baselinePipelineCopy(Blackhole bh) {
        // The message is the pre-encoded bytes' owner in spirit: a retained duplicate of the body,
        // released by the handler, as the encoder releases the command's body.
        copyChannel.writeOutbound(body.retainedDuplicate());
        return drain(copyChannel, bh);
    }

    private static int drain(EmbeddedChannel channel, Blackhole bh) {
        int bytes = 0;
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            bytes += b.readableBytes();
            bh.consume(b);
            b.release();
        }
        return bytes;
    }

    /** Writes a copy of the pre-encoded delivery for every message, releasing the message. */
    static final class CopyEncoder extends ChannelOutboundHandlerAdapter {
        private final ByteBuf encoded;

        CopyEncoder(ByteBuf encoded) {
            this.encoded = encoded;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ((ByteBuf) msg).release();
            ByteBuf out = ctx.alloc().ioBuffer(256 + BODY_SIZE);
            out.writeBytes(encoded, encoded.readerIndex(), encoded.readableBytes());
            ctx.write(out, promise);
        }
    }

    public static void main(String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = FrameEncodeBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
