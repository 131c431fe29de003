package io.warren.broker.connection;

import io.warren.broker.ProtocolException;
import io.warren.codec.ConnectionMethod;
import io.warren.codec.Frame;
import io.warren.codec.ReplyCode;

/**
 * Checks the client's connection.tune-ok against what the server proposed, exactly as RabbitMQ's
 * {@code validate_negotiated_integer_value}: a value below the protocol minimum, above the
 * server's limit, or 0 ("no limit") where the server has a limit, is refused with 530.
 */
final class TuneNegotiation {
    private static final int CHANNEL_MIN = 1;

    private TuneNegotiation() {}

    static void validate(ConnectionMethod.TuneOk tuneOk, long serverFrameMax, int serverChannelMax) {
        check("frame_max", Frame.MIN_FRAME_MAX, serverFrameMax, tuneOk.frameMax());
        check("channel_max", CHANNEL_MIN, serverChannelMax, tuneOk.channelMax());
    }

    private static void check(String field, long min, long serverValue, long clientValue) {
        if (clientValue != 0 && clientValue < min) {
            throw refused(field, clientValue, "", "lower", "minimum", min);
        }
        if (serverValue != 0 && (clientValue == 0 || clientValue > serverValue)) {
            String detail = field.equals("channel_max") && clientValue == 0 ? " (no limit)" : "";
            throw refused(field, clientValue, detail, "higher", "maximum", serverValue);
        }
    }

    private static ProtocolException refused(String field, long value, String detail, String comparison,
                                             String bound, long limit) {
        return ProtocolException.of(ReplyCode.NOT_ALLOWED,
                "negotiated " + field + " = " + value + detail + " is " + comparison + " than the " + bound
                        + " allowed value (" + limit + ")",
                new ConnectionMethod.Tune(0, 0, 0));
    }
}
