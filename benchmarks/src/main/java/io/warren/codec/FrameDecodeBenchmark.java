package io.warren.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Inbound decode throughput of published messages: each operation is one {@code basic.publish}
 * method frame, a content header (content-type, delivery-mode, headers with 2 entries) and a
 * 1 KiB body frame, i.e. <b>3 frames per op</b>: frames/s = 3 x the reported ops/s.
 *
 * <p>Each invocation writes a pre-encoded buffer of {@value #PUBLISHES} publishes (a retained
 * duplicate of one direct buffer, as a socket read would deliver) into an {@link EmbeddedChannel}
 * and drains the decoded frames, releasing the body slices.
 *
 * <ul>
 *   <li>{@code decode}: {@link AmqpFrameDecoder}, methods and properties fully decoded.</li>
 *   <li>{@code baselinePipeline}: the same pipeline with a minimal {@link ByteToMessageDecoder}
 *       that only walks the frame headers, checks the end octet and slices the bodies: the
 *       difference to {@code decode} is the codec's own cost.</li>
 *   <li>{@code baselineWalk}: the same walk as a plain loop over the buffer, without a pipeline.</li>
 * </ul>
 *
 * Run (from the repository root, after {@code mvn -pl benchmarks package -DskipTests}):
 * <pre>
 * java -cp "benchmarks/target/warren-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.openjdk.jmh.Main FrameDecodeBenchmark -f 1 -wi 3 -i 5 -r 2 -w 1
 * </pre>
 * or run this class's {@link #main} (same defaults, extra JMH arguments appended).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class FrameDecodeBenchmark {
    /** Publishes in the pre-encoded buffer; every benchmark method handles all of them per call. */
    public static final int PUBLISHES = 64;
    public static final int BODY_SIZE = 1024;
    public static final int FRAMES_PER_PUBLISH = 3;

    private ByteBuf wire;
    private EmbeddedChannel decoderChannel;
    private EmbeddedChannel baselineChannel;

    /** The bytes of {@code count} publishes, as a client sends them. */
    public static ByteBuf encodePublishes(int count) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("x-tenant", LongString.of("acme"));
        headers.put("x-retries", 3);
        BasicProperties properties = new BasicProperties("application/json", null, headers, 2, null, null, null,
                null, null, null, null, null, null, null);
        byte[] body = new byte[BODY_SIZE];
        for (int i = 0; i < body.length; i++) body[i] = (byte) ('a' + i % 26);
        ByteBuf heap = Unpooled.buffer();
        for (int i = 0; i < count; i++) {
            FrameWriter.writeMethodFrame(heap, 1, new BasicMethod.Publish(0, "amq.topic", "orders.eu.created", false, false));
            FrameWriter.writeContentHeaderFrame(heap, 1, BasicMethod.CLASS_ID, body.length, properties);
            FrameWriter.writeBodyFrame(heap, 1, Unpooled.wrappedBuffer(body));
        }
        ByteBuf direct = Unpooled.directBuffer(heap.readableBytes()).writeBytes(heap);
        heap.release();
        return direct;
    }

    @Setup(Level.Trial)
    public void setUp() {
        wire = encodePublishes(PUBLISHES);
        decoderChannel = new EmbeddedChannel(new AmqpFrameDecoder(false, 131072));
        baselineChannel = new EmbeddedChannel(new SliceFramesDecoder());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        decoderChannel.finishAndReleaseAll();
        baselineChannel.finishAndReleaseAll();
        wire.release();
    }

    @Benchmark
    @OperationsPerInvocation(PUBLISHES)
    public int decode(Blackhole bh) {
        return drive(decoderChannel, wire, bh);
    }

    @Benchmark
    @OperationsPerInvocation(PUBLISHES)
    public int baselinePipeline(Blackhole bh) {
        return drive(baselineChannel, wire, bh);
    }

    @Benchmark
    @OperationsPerInvocation(PUBLISHES)
    public int baselineWalk(Blackhole bh) {
        ByteBuf in = wire;
        int index = in.readerIndex();
        int end = in.writerIndex();
        int frames = 0;
        while (end - index >= Frame.HEADER_SIZE) {
            int type = in.getUnsignedByte(index);
            int channel = in.getUnsignedShort(index + 1);
            int size = in.getInt(index + 3);
            if (in.getUnsignedByte(index + Frame.HEADER_SIZE + size) != Frame.FRAME_END) throw new IllegalStateException("frame end");
            if (type == Frame.TYPE_BODY) {
                ByteBuf body = in.retainedSlice(index + Frame.HEADER_SIZE, size);
                bh.consume(body);
                body.release();
            } else {
                bh.consume(type);
            }
            bh.consume(channel);
            index += size + Frame.OVERHEAD;
            frames++;
        }
        return frames;
    }

    /** Writes one retained duplicate of {@code wire} and drains (and releases) what comes out; returns the frame count. */
    static int drive(EmbeddedChannel channel, ByteBuf wire, Blackhole bh) {
        channel.writeInbound(wire.retainedDuplicate());
        int frames = 0;
        for (Object o; (o = channel.readInbound()) != null; ) {
            if (o instanceof ContentBodyFrame b) {
                b.payload().release();
            } else if (o instanceof ByteBuf b) {
                b.release();
            }
            bh.consume(o);
            frames++;
        }
        return frames;
    }

    /**
     * The least a frame decoder can do: one frame per call, header walked, end octet checked,
     * bodies as retained slices, other frames reduced to their type.
     */
    static final class SliceFramesDecoder extends ByteToMessageDecoder {
        private static final Integer[] TYPES = {0, 1, 2, 3, 4, 5, 6, 7, 8};

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < Frame.HEADER_SIZE) return;
            int start = in.readerIndex();
            int type = in.getUnsignedByte(start);
            long size = in.getUnsignedInt(start + 3);
            if (in.readableBytes() < size + Frame.OVERHEAD) return;
            int payload = start + Frame.HEADER_SIZE;
            if (in.getUnsignedByte(payload + (int) size) != Frame.FRAME_END) throw new IllegalStateException("frame end");
            out.add(type == Frame.TYPE_BODY ? in.retainedSlice(payload, (int) size) : TYPES[Math.min(type, 8)]);
            in.readerIndex(payload + (int) size + 1);
        }
    }

    /** Runs this benchmark with the short settings above; further JMH arguments are appended. */
    public static void main(String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = FrameDecodeBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
