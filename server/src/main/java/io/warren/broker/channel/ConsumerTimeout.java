package io.warren.broker.channel;

import io.netty.util.concurrent.ScheduledFuture;
import io.warren.broker.ProtocolException;
import io.warren.codec.ReplyCode;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code consumer_timeout}: a delivery left unacknowledged longer than the timeout closes its
 * channel with 406 and RabbitMQ's text. One timer per channel, armed for the moment the oldest
 * unsettled delivery would time out, and re-armed from there when it fires early (the oldest was
 * settled meanwhile); no timer while nothing is unacknowledged. Confined to the connection's thread.
 */
final class ConsumerTimeout {
    private final long timeoutMillis;
    private final AmqpChannel channel;
    private final ChannelOwner owner;
    private final LongSupplier oldestDeliveredAt;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    /** @param timeoutMillis the timeout, 0 for none */
    ConsumerTimeout(long timeoutMillis, AmqpChannel channel, ChannelOwner owner, LongSupplier oldestDeliveredAt) {
        this.timeoutMillis = timeoutMillis;
        this.channel = channel;
        this.owner = owner;
        this.oldestDeliveredAt = oldestDeliveredAt;
    }

    /** The time to record for a delivery (0 when there is no timeout: no clock read). */
    long now() {
        return timeoutMillis == 0 ? 0 : System.currentTimeMillis();
    }

    /** A delivery now awaits its ack. */
    void delivered() {
        if (timeoutMillis == 0 || timer != null || stopped) return;
        arm(oldestDeliveredAt.getAsLong());
    }

    void stop() {
        stopped = true;
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    private void arm(long oldest) {
        long delay = Math.max(0, oldest + timeoutMillis - System.currentTimeMillis());
        timer = owner.executor().schedule(() -> owner.runForChannel(channel.number(), this::check), delay, TimeUnit.MILLISECONDS);
    }

    private void check() {
        timer = null;
        if (stopped) return;
        long oldest = oldestDeliveredAt.getAsLong();
        if (oldest == Long.MAX_VALUE) return;
        if (oldest + timeoutMillis > System.currentTimeMillis()) {
            arm(oldest);
            return;
        }
        stop();
        throw ProtocolException.of(ReplyCode.PRECONDITION_FAILED, "delivery acknowledgement on channel " + channel.number()
                + " timed out. Timeout value used: " + timeoutMillis + " ms. This timeout value can be configured, "
                + "see consumers doc guide to learn more", null);
    }
}
