package io.warren.broker.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.codec.HeartbeatFrame;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats for one connection, as RabbitMQ sends and expects them: every half interval, a
 * heartbeat frame goes out if nothing else did, and a peer from which nothing arrived for two
 * whole intervals is dropped.
 *
 * <p>Runs on the connection's event loop. Activity is two flags the connection sets on every read
 * and write (cheaper than watching every write's promise, which Netty's IdleStateHandler does).
 */
final class HeartbeatMonitor {
    /** Ticks are half intervals: a peer silent for two whole intervals is gone. */
    private static final int TICKS_BEFORE_SILENT = 4;

    private final ChannelHandlerContext ctx;
    private final Runnable onPeerSilent;
    private boolean readSinceTick;
    private boolean wroteSinceTick;
    private int silentTicks;
    private ScheduledFuture<?> timer;

    HeartbeatMonitor(ChannelHandlerContext ctx, int intervalSeconds, Runnable onPeerSilent) {
        this.ctx = ctx;
        this.onPeerSilent = onPeerSilent;
        long tickMs = intervalSeconds * 1000L / 2;
        this.timer = ctx.executor().scheduleAtFixedRate(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    }

    void read() {
        readSinceTick = true;
    }

    void wrote() {
        wroteSinceTick = true;
    }

    void stop() {
        timer.cancel(false);
    }

    private void tick() {
        if (!wroteSinceTick) ctx.writeAndFlush(HeartbeatFrame.INSTANCE, ctx.voidPromise());
        wroteSinceTick = false;
        silentTicks = readSinceTick ? 0 : silentTicks + 1;
        readSinceTick = false;
        if (silentTicks >= TICKS_BEFORE_SILENT) {
            stop();
            onPeerSilent.run();
        }
    }
}
