package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A delivered or acked mark in a queue index sidecar ({@code N.ack}); fixed size:
 *
 * <pre>
 * offset   bytes  field
 * 0        1      Type: 'D' delivered, 'A' acked
 * 1        8      Seq (big-endian)
 * 9        4      CRC32C of Type + Seq
 * </pre>
 */
final class MarkRecord implements RecordFormat {
    static final RecordFormat FORMAT = new MarkRecord();
    static final int LENGTH = 13;
    static final byte DELIVERED = 'D';
    static final byte ACKED = 'A';

    private MarkRecord() {
    }

    /** Puts the record at the buffer's position (the I/O thread encodes straight into its write buffer). */
    static void put(ByteBuffer out, byte type, long seq) {
        int start = out.position();
        out.put(type).putLong(seq);
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().position(start).limit(start + 9));
        out.putInt((int) crc.getValue());
    }

    static byte type(FileWindow window, long position) {
        return window.byteAt(position);
    }

    static long seq(FileWindow window, long position) {
        return window.longAt(position + 1);
    }

    @Override
    public int validLength(FileWindow window, long position) throws IOException {
        if (!window.ensure(position, LENGTH)) return -1;
        byte type = window.byteAt(position);
        if (type != DELIVERED && type != ACKED) return -1;
        return window.crc32c(position, 9) == window.intAt(position + 9) ? LENGTH : -1;
    }

    @Override
    public int minLength() {
        return LENGTH;
    }
}
