package io.warren.broker.channel;

import io.warren.broker.ProtocolException;
import io.warren.codec.Method;
import io.warren.codec.ReplyCode;
import io.warren.config.Limits;

/**
 * {@code consumer_max_per_channel}: a basic.consume beyond it is refused with 530 NOT_ALLOWED and the text
 * RabbitMQ uses for it since 3.12 (3.10 has no such limit).
 */
final class ConsumerLimit {
    private ConsumerLimit() {}

    static void check(int consumers, int max, Method cause) {
        if (max != Limits.UNLIMITED && consumers >= max) {
            throw ProtocolException.of(ReplyCode.NOT_ALLOWED, "reached maximum (" + max + ") of consumers per channel", cause);
        }
    }
}
