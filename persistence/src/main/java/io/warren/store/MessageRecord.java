package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The record of one message in a {@code .rdq} file (RabbitMQ's layout plus a checksum and an end marker):
 *
 * <pre>
 * offset   bytes  field
 * 0        8      Size: bytes of MsgId + Body, i.e. 16 + body length (big-endian)
 * 8        16     MsgId (high, low; big-endian)
 * 24       n      Body: opaque to the store
 * 24+n     4      CRC32C of MsgId + Body
 * 28+n     1      0xFF end marker
 * </pre>
 *
 * A record is {@code n + 29} bytes. Records are encoded once, by the thread that submits the
 * write, so the I/O thread only copies bytes.
 */
final class MessageRecord implements RecordFormat {
    static final RecordFormat FORMAT = new MessageRecord();
    static final int HEADER = 8 + MsgId.BYTES;
    static final int OVERHEAD = HEADER + 5;
    static final byte END_MARKER = (byte) 0xFF;

    private MessageRecord() {
    }

    /** The record for {@code body} (its remaining bytes; the buffer's position is left alone). */
    static byte[] encode(MsgId id, ByteBuffer body) {
        int length = body.remaining();
        if (length > Integer.MAX_VALUE - OVERHEAD) throw new IllegalArgumentException("message body too large: " + length);
        byte[] record = new byte[length + OVERHEAD];
        ByteBuffer out = ByteBuffer.wrap(record);
        out.putLong(MsgId.BYTES + (long) length);
        id.writeTo(out);
        out.put(body.duplicate());
        CRC32C crc = new CRC32C();
        crc.update(record, 8, MsgId.BYTES + length);
        out.putInt((int) crc.getValue());
        out.put(END_MARKER);
        return record;
    }

    /** A fresh buffer holding the body of a record known to be good (one this process encoded). */
    static ByteBuffer body(byte[] record) {
        byte[] body = new byte[record.length - OVERHEAD];
        System.arraycopy(record, HEADER, body, 0, body.length);
        return ByteBuffer.wrap(body);
    }

    /** The body of a record read back from disk (a view of it), after checking it whole; {@code where} names it in the error. */
    static ByteBuffer checkedBody(byte[] record, MsgId expected, String where) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(record);
        long size = in.getLong(0);
        boolean intact = size == record.length - 13L
                && MsgId.readAt(in, 8).equals(expected)
                && in.getInt(record.length - 5) == crc(record, 8, (int) size)
                && record[record.length - 1] == END_MARKER;
        if (!intact) throw new IOException("corrupt message record for " + expected + " at " + where);
        return ByteBuffer.wrap(record, HEADER, record.length - OVERHEAD).slice();
    }

    @Override
    public int validLength(FileWindow window, long position) throws IOException {
        if (!window.ensure(position, 8)) return -1;
        long size = window.longAt(position);
        if (size < MsgId.BYTES || size > window.fileSize() - position - 13 || size > Integer.MAX_VALUE - 13) return -1;
        int length = (int) size + 13;
        if (!window.ensure(position + length - 1, 1) || window.byteAt(position + length - 1) != END_MARKER) return -1;
        if (!window.ensure(position, length)) return -1;
        return window.crc32c(position + 8, (int) size) == window.intAt(position + 8 + size) ? length : -1;
    }

    @Override
    public int minLength() {
        return OVERHEAD;
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
