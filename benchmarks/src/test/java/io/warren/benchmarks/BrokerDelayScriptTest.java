package io.warren.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perftest/broker_delay.py} reads a packet capture of a publisher and a consumer and reports how
 * long each message spent in the broker. The capture here is written by hand: Ethernet, IPv4 and TCP
 * headers around AMQP frames, with a frame split across two segments and a retransmitted segment, as
 * a real capture has them.
 */
class BrokerDelayScriptTest {
    private static final int BROKER = 5672;
    private static final int PUBLISHER = 40001;
    private static final int CONSUMER = 40002;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream pcap = new ByteArrayOutputStream();

    @Test
    void pairsEachPublishWithItsDeliveryAndEachDeliveryWithItsAck() throws Exception {
        writePcapHeader();
        Stream publisher = new Stream(PUBLISHER, BROKER, 1_000);
        Stream toConsumer = new Stream(BROKER, CONSUMER, 4_294_967_200L); // wraps past 2^32
        Stream fromConsumer = new Stream(CONSUMER, BROKER, 7_000);
        publisher.send(0.000, "AMQP\0\0\11\1".getBytes(StandardCharsets.ISO_8859_1));
        // message 1: published at 10 ms, delivered at 12 ms (2 ms in the broker), acked at 15 ms
        publisher.send(0.010, concat(publish(), header(), body()));
        toConsumer.send(0.012, deliver(1));
        fromConsumer.send(0.015, ack(1));
        // message 2: its publish frame arrives in two segments (the second at 20 ms), delivered at 25 ms
        byte[] second = concat(publish(), header(), body());
        publisher.send(0.018, Arrays.copyOfRange(second, 0, 9));
        publisher.send(0.020, Arrays.copyOfRange(second, 9, second.length));
        publisher.resend(0.021, Arrays.copyOfRange(second, 9, second.length));   // a retransmission
        toConsumer.send(0.025, deliver(2));
        fromConsumer.send(0.035, ack(2));
        Path capture = dir.resolve("run.pcap");
        Files.write(capture, pcap.toByteArray());

        JsonNode result = new ObjectMapper().readTree(run(capture, "--json", "--bucket-ms", "10"));

        assertEquals(2, result.path("publishes").asInt());
        assertEquals(2, result.path("deliveries").asInt());
        assertEquals(2, result.path("acks").asInt());
        JsonNode buckets = result.path("buckets");
        assertEquals(2, buckets.size(), buckets.toString());
        assertEquals(0, buckets.get(0).path("from_ms").asInt());
        assertEquals(2.0, buckets.get(0).path("broker_delay").path("median_ms").asDouble(), 1e-6);
        assertEquals(3.0, buckets.get(0).path("ack_lag").path("median_ms").asDouble(), 1e-6);
        assertEquals(10, buckets.get(1).path("from_ms").asInt());
        assertEquals(5.0, buckets.get(1).path("broker_delay").path("median_ms").asDouble(), 1e-6);
        assertEquals(10.0, buckets.get(1).path("ack_lag").path("median_ms").asDouble(), 1e-6);
        assertEquals(5.0, result.path("broker_delay").path("max_ms").asDouble(), 1e-6);

        String table = run(capture, "--bucket-ms", "10");
        assertTrue(table.contains("2 publishes, 2 deliveries, 2 acks"), table);
    }

    @Test
    void aCaptureThatStartsInTheMiddleOfAFrameIsReadFromTheNextFrame() throws Exception {
        writePcapHeader();
        Stream publisher = new Stream(PUBLISHER, BROKER, 123_456);
        Stream toConsumer = new Stream(BROKER, CONSUMER, 654_321);
        // the last bytes of a body frame sent before the capture began, then a whole message
        publisher.send(0.000, concat(new byte[] {2, 0, 1, 0, (byte) 0xCE}, publish(), header(), body()));
        toConsumer.send(0.004, concat(new byte[] {9, 9, (byte) 0xCE}, deliver(7)));
        Path capture = dir.resolve("mid.pcap");
        Files.write(capture, pcap.toByteArray());

        JsonNode result = new ObjectMapper().readTree(run(capture, "--json"));

        assertEquals(1, result.path("publishes").asInt());
        assertEquals(1, result.path("deliveries").asInt());
        assertEquals(4.0, result.path("broker_delay").path("median_ms").asDouble(), 1e-6);
    }

    private static byte[] publish() {   // basic.publish: ticket, exchange "", routing key "q", no flags
        return frame(1, ByteBuffer.allocate(11).putShort((short) 60).putShort((short) 40).putShort((short) 0)
                .put((byte) 0).put((byte) 1).put((byte) 'q').put((byte) 0).array());
    }

    private static byte[] header() {    // content header: class 60, weight 0, body size 4, no properties
        return frame(2, ByteBuffer.allocate(14).putShort((short) 60).putShort((short) 0).putLong(4)
                .putShort((short) 0).array());
    }

    private static byte[] body() {
        return frame(3, new byte[] {1, 2, 3, 4});
    }

    private static byte[] deliver(long tag) {   // consumer tag "c", delivery tag, redelivered, "", "q"
        byte[] method = ByteBuffer.allocate(18).putShort((short) 60).putShort((short) 60).put((byte) 1)
                .put((byte) 'c').putLong(tag).put((byte) 0).put((byte) 0).put((byte) 1).put((byte) 'q').array();
        return concat(frame(1, method), header(), body());
    }

    private static byte[] ack(long tag) {
        return frame(1, ByteBuffer.allocate(13).putShort((short) 60).putShort((short) 80).putLong(tag)
                .put((byte) 0).array());
    }

    private static byte[] frame(int type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).put((byte) type).putShort((short) 1).putInt(payload.length)
                .put(payload).put((byte) 0xCE).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private void writePcapHeader() {
        pcap.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4)
                .putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).array());
    }

    /** One direction of a TCP connection: writes its segments into the capture, in sequence. */
    private final class Stream {
        private final int source;
        private final int destination;
        private long next;
        private long last;

        Stream(int source, int destination, long firstSequence) {
            this.source = source;
            this.destination = destination;
            this.next = firstSequence;
        }

        void send(double seconds, byte[] payload) {
            last = next;
            packet(seconds, next, payload);
            next += payload.length;
        }

        /** The last segment again, as a retransmission carries it. */
        void resend(double seconds, byte[] payload) {
            packet(seconds, last, payload);
        }

        private void packet(double seconds, long sequence, byte[] payload) {
            ByteBuffer tcp = ByteBuffer.allocate(20 + payload.length).putShort((short) source)
                    .putShort((short) destination).putInt((int) sequence).putInt(0).put((byte) 0x50)
                    .put((byte) 0x18).putShort((short) 65535).putInt(0).put(payload);
            ByteBuffer ip = ByteBuffer.allocate(20 + tcp.capacity()).put((byte) 0x45).put((byte) 0)
                    .putShort((short) (20 + tcp.capacity())).putInt(0).put((byte) 64).put((byte) 6).putShort((short) 0)
                    .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1}).put(tcp.array());
            byte[] ethernet = ByteBuffer.allocate(14 + ip.capacity()).put(new byte[12]).putShort((short) 0x0800)
                    .put(ip.array()).array();
            long micros = Math.round(seconds * 1_000_000);
            pcap.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (micros / 1_000_000))
                    .putInt((int) (micros % 1_000_000)).putInt(ethernet.length).putInt(ethernet.length).array());
            pcap.writeBytes(ethernet);
        }
    }

    private static String run(Path capture, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(capture.toString(), "--port", String.valueOf(BROKER)));
        arguments.addAll(List.of(options));
        return PythonHelper.run("broker_delay.py", arguments);
    }
}
