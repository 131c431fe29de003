package io.warren.codec;

/**
 * A protocol error as the peer sees it: the reply code, the full reply text
 * (RabbitMQ style, {@code "NOT_FOUND - no queue 'q' in vhost '/'"}) and the class and method
 * that caused it (0 when no method did). Whether it closes a channel or the connection follows
 * from the code ({@link ReplyCode#isConnectionError}).
 */
public record AmqpError(int replyCode, String replyText, int classId, int methodId) {

    /** An error whose text is RabbitMQ's "CODE_NAME - explanation". */
    public static AmqpError of(int replyCode, String explanation, int classId, int methodId) {
        return new AmqpError(replyCode, ReplyCode.name(replyCode) + " - " + explanation, classId, methodId);
    }

    public static AmqpError of(int replyCode, String explanation, Method cause) {
        return cause == null ? of(replyCode, explanation, 0, 0) : of(replyCode, explanation, cause.classId(), cause.methodId());
    }

    public boolean closesConnection() {
        return ReplyCode.isConnectionError(replyCode);
    }
}
