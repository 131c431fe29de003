package io.warren.codec;

import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * A protocol error as the peer sees it: the reply code, the reply text
 * (RabbitMQ style, {@code "NOT_FOUND - no queue 'q' in vhost '/'"}, at most 255 UTF-8 octets) and the class and method
 * that caused it (0 when no method did). Whether it closes a channel or the connection follows
 * from the code ({@link ReplyCode#isConnectionError}).
 */
public record AmqpError(int replyCode, String replyText, int classId, int methodId) {

    /** The longest reply text a {@code connection.close} or {@code channel.close} can carry (a short string). */
    private static final int MAX_TEXT_OCTETS = 255;

    /**
     * Texts longer than a short string are cut as RabbitMQ cuts them ({@code <<Text:252/binary, "...">>}),
     * here at a character boundary, so that every error can be sent as it is.
     */
    public AmqpError {
        if (replyText != null && ByteBufUtil.utf8Bytes(replyText) > MAX_TEXT_OCTETS) {
            byte[] utf8 = replyText.getBytes(StandardCharsets.UTF_8);
            int end = MAX_TEXT_OCTETS - 3;
            while (end > 0 && (utf8[end] & 0xC0) == 0x80) end--; // never split a character
            replyText = new String(utf8, 0, end, StandardCharsets.UTF_8) + "...";
        }
    }

    /** An error whose text is RabbitMQ's "CODE_NAME - explanation". */
    public static AmqpError of(int replyCode, String explanation, int classId, int methodId) {
        return new AmqpError(replyCode, ReplyCode.name(replyCode) + " - " + explanation, classId, methodId);
    }

    public static AmqpError of(int replyCode, String explanation, Method cause) {
        return cause == null ? of(replyCode, explanation, 0, 0) : of(replyCode, explanation, cause.protocolClassId(), cause.protocolMethodId());
    }

    public boolean closesConnection() {
        return ReplyCode.isConnectionError(replyCode);
    }
}
