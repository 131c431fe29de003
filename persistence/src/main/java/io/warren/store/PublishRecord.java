package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The record of one published message in a queue index segment ({@code N.idx}):
 *
 * <pre>
 * offset   bytes  field
 * 0        4      Length: bytes of Seq + MsgId + Kind + Body, i.e. 25 + n (big-endian)
 * 4        8      Seq: the queue's sequence number of the message
 * 12       16     MsgId
 * 28       1      Kind: 0 = body in the message store (n = 0), 1 = body embedded here
 * 29       n      Body (embedded messages only)
 * 29+n     4      CRC32C of everything before it (Length .. Body)
 * </pre>
 */
final class PublishRecord implements RecordFormat {
    static final RecordFormat FORMAT = new PublishRecord();
    static final int FIXED = 4 + 8 + MsgId.BYTES + 1;
    static final int OVERHEAD = FIXED + 4;
    static final byte IN_STORE = 0;
    static final byte EMBEDDED = 1;

    private PublishRecord() {
    }

    static byte[] encode(long seq, MsgId id, ByteBuffer embeddedBodyOrNull) {
        int length = embeddedBodyOrNull == null ? 0 : embeddedBodyOrNull.remaining();
        if (length > Integer.MAX_VALUE - OVERHEAD) throw new IllegalArgumentException("embedded body too large: " + length);
        byte[] record = new byte[OVERHEAD + length];
        ByteBuffer out = ByteBuffer.wrap(record);
        out.putInt(FIXED - 4 + length).putLong(seq);
        id.writeTo(out);
        out.put(embeddedBodyOrNull == null ? IN_STORE : EMBEDDED);
        if (embeddedBodyOrNull != null) out.put(embeddedBodyOrNull.duplicate());
        CRC32C crc = new CRC32C();
        crc.update(record, 0, FIXED + length);
        out.putInt((int) crc.getValue());
        return record;
    }

    static long seq(FileWindow window, long position) {
        return window.longAt(position + 4);
    }

    static MsgId id(FileWindow window, long position) {
        return window.msgIdAt(position + 12);
    }

    static boolean embedded(FileWindow window, long position) {
        return window.byteAt(position + 28) == EMBEDDED;
    }

    /** A fresh buffer with the embedded body of the valid record at {@code position} of {@code length} bytes. */
    static ByteBuffer body(FileWindow window, long position, int length) {
        return ByteBuffer.wrap(window.copy(position + FIXED, length - OVERHEAD));
    }

    @Override
    public int validLength(FileWindow window, long position) throws IOException {
        if (!window.ensure(position, 4)) return -1;
        int length = window.intAt(position);
        if (length < FIXED - 4 || length > window.fileSize() - position - 8 || length > Integer.MAX_VALUE - 8) return -1;
        int total = length + 8;
        if (!window.ensure(position, total)) return -1;
        byte kind = window.byteAt(position + 28);
        if (kind != EMBEDDED && (kind != IN_STORE || total != OVERHEAD)) return -1;
        return window.crc32c(position, total - 4) == window.intAt(position + total - 4) ? total : -1;
    }

    @Override
    public int minLength() {
        return OVERHEAD;
    }
}
