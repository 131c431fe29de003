package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.TestBroker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** consumer_timeout: an unacknowledged delivery held too long closes its channel with 406. */
class ConsumerTimeoutTest extends MessagingTestSupport {

    @Override
    protected String[] brokerSettings() {
        return new String[] {"consumer_timeout=400"};
    }

    @BeforeEach
    void warrenOnly() {
        assumeFalse(TestBroker.external(), "the external broker's consumer_timeout cannot be set from here");
    }

    @Test
    void anUnackedDeliveryPastTheTimeoutClosesTheChannel() throws Exception {
        String q = declareQueue("slow");
        Channel ch = connection.createChannel();
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        ch.addShutdownListener(closed::complete);
        Inbox inbox = consume(ch, q, false);
        sendConfirmed(q, "m");
        inbox.next();
        ShutdownSignalException signal = closed.get(10, TimeUnit.SECONDS);
        AMQP.Channel.Close close = (AMQP.Channel.Close) signal.getReason();
        assertEquals(406, close.getReplyCode());
        assertEquals("PRECONDITION_FAILED - delivery acknowledgement on channel " + ch.getChannelNumber()
                + " timed out. Timeout value used: 400 ms. This timeout value can be configured, see consumers doc "
                + "guide to learn more", close.getReplyText());
        eventually("the message is requeued", () -> readyCount(q) == 1);
        assertEquals(true, connection.isOpen(), "only the channel closes");
    }

    @Test
    void acknowledgedInTimeKeepsTheChannelOpen() throws Exception {
        String q = declareQueue("fast");
        Channel ch = connection.createChannel();
        Inbox inbox = consume(ch, q, false);
        for (int i = 0; i < 5; i++) {
            sendConfirmed(q, "m" + i);
            ch.basicAck(inbox.next().getEnvelope().getDeliveryTag(), false);
        }
        // a delivery after all acks: the channel must still be usable well past the first deliveries
        CompletableFuture<Void> pastTimeout = new CompletableFuture<>();
        long start = System.nanoTime();
        eventually("the timeout period has passed", () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(800));
        ch.queueDeclarePassive(q);
        assertEquals(true, ch.isOpen());
        pastTimeout.complete(null);
    }

    @Test
    void autoAckConsumersNeverTimeOut() throws Exception {
        String q = declareQueue("autoack");
        Channel ch = connection.createChannel();
        Inbox inbox = consume(ch, q, true);
        sendConfirmed(q, "m");
        inbox.next();
        long start = System.nanoTime();
        eventually("the timeout period has passed", () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(800));
        ch.queueDeclarePassive(q);
        assertEquals(true, ch.isOpen());
    }
}
