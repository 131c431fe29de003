package io.warren.broker.channel;

import io.warren.broker.ProtocolException;
import io.warren.codec.BasicMethod;
import io.warren.codec.ReplyCode;

/** basic.consume arguments: {@code x-priority}, an integer, 0 when absent. */
final class ConsumerArguments {
    private ConsumerArguments() {}

    static int priority(BasicMethod.Consume consume) {
        Object value = consume.arguments().get("x-priority");
        if (value == null) return 0;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED,
                "invalid arg 'x-priority' for consumer: expected an integer, got " + value, consume);
    }
}
