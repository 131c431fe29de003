package io.warren.broker.security;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.codec.BasicMethod;
import io.warren.codec.BasicProperties;
import io.warren.codec.ChannelMethod;
import io.warren.codec.ConfirmMethod;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.ExchangeMethod;
import io.warren.codec.Frame;
import io.warren.codec.FrameWriter;
import io.warren.codec.LongString;
import io.warren.codec.Method;
import io.warren.codec.QueueMethod;
import io.warren.codec.TxMethod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes one hostile AMQP session from a seed: mostly a real conversation (a handshake as guest, then a random
 * mix of channel, exchange, queue, basic, tx and confirm methods and content) with random field values, huge
 * and deeply nested field tables, wrong channel numbers and out-of-order content, then mutated at the byte level
 * (flipped bytes, size fields set to huge values, bytes inserted or cut, the stream truncated). The same seed
 * always makes the same session, so a finding can be replayed.
 */
final class FuzzSessionGenerator {
    /** How a session behaves on its socket besides what it sends. */
    enum Behaviour { NORMAL, SILENT, STALLED_MID_FRAME, NEVER_READS }

    /** The bytes to send, in the chunks to send them in, and how to behave. */
    record Session(long seed, Behaviour behaviour, List<byte[]> chunks) {}

    private static final String[] NAMES = {"", "fz-q1", "fz-q2", "fz-x1", "fz-x2", "amq.direct", "amq.topic", "amq.fanout",
            "amq.headers", "amq.gen-fuzz", "amq.rabbitmq.reply-to", "amq.rabbitmq.trace", "fz.\r\nname"};
    private static final String[] TYPES = {"direct", "fanout", "topic", "headers", "x-unknown", ""};
    private static final String[] QUEUE_ARGUMENTS = {"x-dead-letter-exchange", "x-dead-letter-routing-key", "x-message-ttl",
            "x-expires", "x-max-length", "x-max-length-bytes", "x-max-priority", "x-overflow", "x-queue-type",
            "x-single-active-consumer", "x-queue-mode", "alternate-exchange", "x-match", "x-priority"};

    private final Random random;
    private final long seed;

    FuzzSessionGenerator(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    Session session() {
        int roll = random.nextInt(100);
        if (roll < 4) return new Session(seed, Behaviour.SILENT, List.of());
        ByteBuf out = Unpooled.buffer();
        try {
            writeProtocolHeader(out);
            int handshakeEnd = writeHandshake(out);
            int frames = 1 + random.nextInt(40);
            for (int i = 0; i < frames; i++) writeRandomFrame(out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            if (random.nextInt(100) < 35) bytes = mutate(bytes, random.nextInt(5) == 0 ? 0 : handshakeEnd);
            Behaviour behaviour = roll < 9 ? Behaviour.STALLED_MID_FRAME : roll < 18 ? Behaviour.NEVER_READS : Behaviour.NORMAL;
            if (behaviour == Behaviour.STALLED_MID_FRAME && bytes.length > 1) {
                bytes = java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
            }
            return new Session(seed, behaviour, chunks(bytes));
        } finally {
            out.release();
        }
    }

    // ---- the conversation ---------------------------------------------------------------------

    private void writeProtocolHeader(ByteBuf out) {
        int roll = random.nextInt(100);
        if (roll < 3) {
            byte[] junk = new byte[8];
            random.nextBytes(junk);
            out.writeBytes(junk);
        } else if (roll < 5) {
            out.writeBytes(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 9});
        } else {
            out.writeBytes(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
        }
    }

    /** Start-ok, tune-ok and open, each usually right; returns where the handshake ends. */
    private int writeHandshake(ByteBuf out) {
        Map<String, Object> clientProperties = random.nextInt(10) < 8
                ? Map.of("capabilities", Map.of("authentication_failure_close", true, "consumer_cancel_notify", true))
                : table(0);
        String mechanism = random.nextInt(10) < 9 ? "PLAIN" : pick(new String[] {"AMQPLAIN", "EXTERNAL", "CRAM-MD5", ""});
        String credentials = random.nextInt(20) < 19 ? "\0guest\0guest" : randomString(40);
        method(out, 0, new ConnectionMethod.StartOk(clientProperties, mechanism, LongString.of(credentials), "en_US"));
        boolean sane = random.nextInt(10) < 9;
        int channelMax = sane ? pick(new int[] {2047, 16, 64}) : pick(new int[] {0, 1, 65535});
        long frameMax = sane ? pick(new long[] {131072, 4096, 16384}) : pick(new long[] {0, 1000, 200000});
        method(out, 0, new ConnectionMethod.TuneOk(channelMax, frameMax, pick(new int[] {0, 0, 60, 1})));
        method(out, 0, new ConnectionMethod.Open(random.nextInt(20) < 19 ? "/" : randomString(10), "", false));
        if (random.nextInt(10) < 9) {
            for (int channel = 1; channel <= 3; channel++) method(out, channel, new ChannelMethod.Open(""));
        }
        return out.readableBytes();
    }

    private void writeRandomFrame(ByteBuf out) {
        int channel = random.nextInt(10) < 8 ? 1 + random.nextInt(3) : random.nextInt(70000) & 0xFFFF;
        switch (random.nextInt(32)) {
            case 0, 1 -> method(out, channel, new ChannelMethod.Open(""));
            case 2 -> method(out, channel, new ChannelMethod.Close(200, "bye", 0, 0));
            case 3 -> method(out, channel, new ChannelMethod.CloseOk());
            case 4 -> method(out, channel, new ChannelMethod.Flow(random.nextBoolean()));
            case 5 -> method(out, channel, new ExchangeMethod.Declare(0, name(), pick(TYPES), random.nextInt(5) == 0,
                    random.nextBoolean(), random.nextBoolean(), random.nextInt(5) == 0, random.nextInt(5) == 0, arguments()));
            case 6 -> method(out, channel, new ExchangeMethod.Delete(0, name(), random.nextBoolean(), random.nextBoolean()));
            case 7 -> method(out, channel, new ExchangeMethod.Bind(0, name(), name(), key(), random.nextBoolean(), arguments()));
            case 8 -> method(out, channel, new ExchangeMethod.Unbind(0, name(), name(), key(), random.nextBoolean(), arguments()));
            case 9, 10 -> method(out, channel, new QueueMethod.Declare(0, name(), random.nextInt(5) == 0, random.nextBoolean(),
                    random.nextBoolean(), random.nextBoolean(), random.nextInt(5) == 0, arguments()));
            case 11 -> method(out, channel, new QueueMethod.Bind(0, name(), name(), key(), random.nextBoolean(), arguments()));
            case 12 -> method(out, channel, new QueueMethod.Unbind(0, name(), name(), key(), arguments()));
            case 13 -> method(out, channel, new QueueMethod.Purge(0, name(), random.nextBoolean()));
            case 14 -> method(out, channel, new QueueMethod.Delete(0, name(), random.nextBoolean(), random.nextBoolean(),
                    random.nextBoolean()));
            case 15, 16, 17 -> writePublish(out, channel);
            case 18 -> method(out, channel, new BasicMethod.Consume(0, name(), random.nextBoolean() ? "" : randomString(8),
                    false, random.nextBoolean(), random.nextInt(4) == 0, random.nextInt(4) == 0, arguments()));
            case 19 -> method(out, channel, new BasicMethod.Cancel(randomString(8), random.nextBoolean()));
            case 20 -> method(out, channel, new BasicMethod.Get(0, name(), random.nextBoolean()));
            case 21 -> method(out, channel, new BasicMethod.Ack(tag(), random.nextBoolean()));
            case 22 -> method(out, channel, new BasicMethod.Nack(tag(), random.nextBoolean(), random.nextBoolean()));
            case 23 -> method(out, channel, new BasicMethod.Reject(tag(), random.nextBoolean()));
            case 24 -> method(out, channel, new BasicMethod.Qos(random.nextInt(3) == 0 ? random.nextInt(1000) : 0,
                    random.nextInt(5), random.nextBoolean()));
            case 25 -> method(out, channel, random.nextBoolean() ? new BasicMethod.Recover(random.nextBoolean())
                    : new BasicMethod.RecoverAsync(random.nextBoolean()));
            case 26 -> method(out, channel, random.nextBoolean() ? new ConfirmMethod.Select(random.nextBoolean())
                    : pick(new Method[] {new TxMethod.Select(), new TxMethod.Commit(), new TxMethod.Rollback()}));
            case 27 -> { // content out of order: a header or a body without its method
                if (random.nextBoolean()) {
                    FrameWriter.writeContentHeaderFrame(out, channel, 60, random.nextInt(100), properties());
                } else {
                    body(out, channel, random.nextInt(100));
                }
            }
            case 28 -> { // a heartbeat, now and then on the wrong channel
                int start = out.writerIndex();
                FrameWriter.writeHeartbeatFrame(out);
                if (random.nextInt(3) == 0) out.setShort(start + 1, channel);
            }
            case 29 -> method(out, 0, pick(new Method[] {new ConnectionMethod.Close(200, "", 0, 0), new ConnectionMethod.CloseOk(),
                    new ConnectionMethod.Open("/", "", false), new ConnectionMethod.TuneOk(1, 4096, 0),
                    new ConnectionMethod.UpdateSecret(LongString.of("x"), "r")}));
            case 30 -> { // a frame of random type and bytes
                byte[] payload = new byte[random.nextInt(64)];
                random.nextBytes(payload);
                out.writeByte(random.nextInt(256)).writeShort(channel).writeInt(payload.length).writeBytes(payload)
                        .writeByte(random.nextInt(8) == 0 ? 0 : Frame.FRAME_END);
            }
            default -> method(out, channel, new ExchangeMethod.Declare(0, "fz-huge", "headers", false, false, false, false, false,
                    random.nextBoolean() ? hugeTable() : deepTable(30 + random.nextInt(80))));
        }
    }

    private void writePublish(ByteBuf out, int channel) {
        method(out, channel, new BasicMethod.Publish(0, name(), key(), random.nextBoolean(), random.nextInt(20) == 0));
        if (random.nextInt(20) == 0) return; // the header never comes
        int size = random.nextInt(10) < 9 ? random.nextInt(600) : random.nextInt(80_000);
        long announced = random.nextInt(10) < 9 ? size : random.nextInt(10) < 5 ? size + random.nextInt(10) - 5 : Long.MAX_VALUE;
        FrameWriter.writeContentHeaderFrame(out, channel, random.nextInt(20) == 0 ? 10 : 60, Math.max(0, announced), properties());
        int remaining = size;
        while (remaining > 0) {
            int piece = Math.min(remaining, 1 + random.nextInt(40_000));
            body(out, channel, piece);
            remaining -= piece;
        }
    }

    private void body(ByteBuf out, int channel, int size) {
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        FrameWriter.writeBodyFrame(out, channel, Unpooled.wrappedBuffer(payload));
    }

    private BasicProperties properties() {
        if (random.nextInt(3) == 0) return BasicProperties.EMPTY;
        return new BasicProperties(maybe("text/plain"), null, random.nextBoolean() ? table(0) : null,
                random.nextBoolean() ? random.nextInt(4) : null, random.nextBoolean() ? random.nextInt(300) : null,
                maybe(randomString(5)), random.nextInt(5) == 0 ? "amq.rabbitmq.reply-to" : maybe(randomString(5)),
                random.nextBoolean() ? pick(new String[] {"0", "100", "-1", "abc", "99999999999999999999"}) : null,
                maybe(randomString(5)), random.nextBoolean() ? Instant.ofEpochSecond(random.nextInt()) : null,
                maybe("t"), random.nextInt(5) == 0 ? pick(new String[] {"guest", "other"}) : null, maybe("app"), null);
    }

    private void method(ByteBuf out, int channel, Method method) {
        FrameWriter.writeMethodFrame(out, channel, method);
    }

    // ---- values -------------------------------------------------------------------------------

    private Map<String, Object> arguments() {
        if (random.nextInt(3) == 0) return Map.of();
        Map<String, Object> arguments = new LinkedHashMap<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) arguments.put(pick(QUEUE_ARGUMENTS), value(0));
        return arguments;
    }

    private Map<String, Object> table(int depth) {
        Map<String, Object> table = new LinkedHashMap<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) table.put(randomString(1 + random.nextInt(12)), value(depth + 1));
        return table;
    }

    private Object value(int depth) {
        return switch (random.nextInt(depth > 3 ? 12 : 15)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextLong();
            case 2 -> random.nextBoolean();
            case 3, 4 -> LongString.of(random.nextBoolean() ? pick(NAMES) : randomString(20));
            case 5 -> (byte) random.nextInt();
            case 6 -> (short) random.nextInt();
            case 7 -> random.nextFloat();
            case 8 -> random.nextDouble();
            case 9 -> BigDecimal.valueOf(random.nextInt(), random.nextInt(10));
            case 10 -> null;
            case 11 -> new byte[random.nextInt(16)];
            case 12 -> table(depth);
            case 13 -> java.util.Arrays.asList(value(depth + 1), value(depth + 1));
            default -> Instant.ofEpochSecond(random.nextInt());
        };
    }

    /** Thousands of entries, still inside a frame. */
    private Map<String, Object> hugeTable() {
        Map<String, Object> table = new LinkedHashMap<>();
        int n = 1000 + random.nextInt(5000);
        for (int i = 0; i < n; i++) table.put("k" + i, i);
        return table;
    }

    /** Tables inside tables, beyond the codec's nesting bound half the time. */
    private Map<String, Object> deepTable(int depth) {
        Map<String, Object> table = Map.of("leaf", 1);
        for (int i = 0; i < depth; i++) table = Map.of("n", random.nextBoolean() ? table : List.of(table));
        return table;
    }

    private String name() {
        return random.nextInt(10) < 8 ? pick(NAMES) : randomString(random.nextInt(3) == 0 ? 255 : 10);
    }

    private String key() {
        return random.nextInt(10) < 7 ? pick(new String[] {"", "a", "a.b", "#", "*.b", "fz-q1"}) : randomString(20);
    }

    private long tag() {
        return pick(new long[] {0, 1, 2, 3, 100, Long.MAX_VALUE, -1});
    }

    private String maybe(String value) {
        return random.nextBoolean() ? value : null;
    }

    private String randomString(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append((char) (32 + random.nextInt(95)));
        return sb.toString();
    }

    // ---- byte-level mutation ------------------------------------------------------------------

    private byte[] mutate(byte[] bytes, int from) {
        byte[] result = bytes;
        int mutations = 1 + random.nextInt(5);
        for (int m = 0; m < mutations && result.length > from + 1; m++) {
            int at = from + random.nextInt(result.length - from);
            switch (random.nextInt(5)) {
                case 0 -> result[at] = (byte) random.nextInt(256);
                case 1 -> { // a length field gone wild
                    for (int i = 0; i < 4 && at + i < result.length; i++) result[at + i] = (byte) (random.nextBoolean() ? 0xFF : 0x7F);
                }
                case 2 -> { // bytes inserted
                    byte[] junk = new byte[1 + random.nextInt(16)];
                    random.nextBytes(junk);
                    byte[] grown = new byte[result.length + junk.length];
                    System.arraycopy(result, 0, grown, 0, at);
                    System.arraycopy(junk, 0, grown, at, junk.length);
                    System.arraycopy(result, at, grown, at + junk.length, result.length - at);
                    result = grown;
                }
                case 3 -> { // bytes cut out
                    int length = Math.min(1 + random.nextInt(16), result.length - at);
                    byte[] shrunk = new byte[result.length - length];
                    System.arraycopy(result, 0, shrunk, 0, at);
                    System.arraycopy(result, at + length, shrunk, at, result.length - at - length);
                    result = shrunk;
                }
                default -> result = java.util.Arrays.copyOf(result, at); // truncated
            }
        }
        return result;
    }

    private List<byte[]> chunks(byte[] bytes) {
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        boolean dribble = random.nextInt(10) == 0;
        while (at < bytes.length) {
            int size = dribble ? 1 + random.nextInt(3) : 1 + random.nextInt(Math.max(1, bytes.length));
            size = Math.min(size, bytes.length - at);
            chunks.add(java.util.Arrays.copyOfRange(bytes, at, at + size));
            at += size;
            if (chunks.size() > 200) { // dribbling has its limits: send the rest at once
                chunks.add(java.util.Arrays.copyOfRange(bytes, at, bytes.length));
                break;
            }
        }
        return chunks;
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private int pick(int[] options) {
        return options[random.nextInt(options.length)];
    }

    private long pick(long[] options) {
        return options[random.nextInt(options.length)];
    }
}
