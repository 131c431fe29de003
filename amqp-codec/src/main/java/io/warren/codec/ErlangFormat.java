package io.warren.codec;

/**
 * Renders bytes the way RabbitMQ's error texts do (Erlang's {@code ~p} of a binary):
 * {@code <<"abc">>} when every byte is printable, {@code <<0,10,255>>} otherwise.
 */
public final class ErlangFormat {
    private ErlangFormat() {}

    public static String binary(byte[] bytes, int offset, int length) {
        StringBuilder sb = new StringBuilder("<<");
        if (length > 0 && printable(bytes, offset, length)) {
            sb.append('"');
            for (int i = offset; i < offset + length; i++) {
                char c = (char) bytes[i];
                if (c == '"' || c == '\\') sb.append('\\');
                sb.append(c);
            }
            sb.append('"');
        } else {
            for (int i = offset; i < offset + length; i++) {
                if (i > offset) sb.append(',');
                sb.append(bytes[i] & 0xFF);
            }
        }
        return sb.append(">>").toString();
    }

    private static boolean printable(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if (b < 32 || b > 126) return false;
        }
        return true;
    }
}
