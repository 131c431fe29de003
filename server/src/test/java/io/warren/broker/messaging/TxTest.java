package io.warren.broker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Transactions. What a transactional channel has done so far is observed with a synchronous method on that
 * same channel (a passive declare), which the broker handles only after the publishes and acks before it.
 */
class TxTest extends MessagingTestSupport {

    private Channel transactional() throws Exception {
        Channel ch = connection.createChannel();
        ch.txSelect();
        return ch;
    }

    /** The queue's ready count as seen from {@code ch}, after everything {@code ch} sent before. */
    private static int readyAsSeenBy(Channel ch, String queue) throws Exception {
        return ch.queueDeclarePassive(queue).getMessageCount();
    }

    @Test
    void publishesAreInvisibleUntilCommit() throws Exception {
        String q = declareQueue("q");
        Channel tx = transactional();
        send(tx, q, "1", "2", "3");
        assertEquals(0, readyAsSeenBy(tx, q));
        tx.txCommit();
        assertEquals(3, readyCount(q));
        assertEquals(List.of("1", "2", "3"), drain(q));
    }

    @Test
    void rollbackDiscardsPublishesAndTheChannelStaysTransactional() throws Exception {
        String q = declareQueue("q");
        Channel tx = transactional();
        send(tx, q, "discarded");
        tx.txRollback();
        assertEquals(0, readyAsSeenBy(tx, q));
        send(tx, q, "kept");
        tx.txCommit();
        send(tx, q, "discarded too");
        tx.txRollback();
        tx.txCommit(); // an empty commit is fine
        assertEquals(List.of("kept"), drain(q));
    }

    @Test
    void acksTakeEffectAtCommitAndRollbackLeavesThemUnacked() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1", "m2");
        Channel tx = transactional();
        GetResponse m1 = tx.basicGet(q, false);
        assertEquals("m2", text(tx.basicGet(q, false)));
        tx.basicAck(m1.getEnvelope().getDeliveryTag(), false);
        tx.txRollback();
        // still unacknowledged: it can be acked again, and comes back if the channel closes
        tx.basicAck(m1.getEnvelope().getDeliveryTag(), false);
        tx.txCommit();
        tx.close();
        assertEquals(List.of("m2"), drain(q), "only the unacked one came back");
    }

    @Test
    void rejectsWithRequeueTakeEffectAtCommit() throws Exception {
        String q = declareQueue("q");
        sendConfirmed(q, "m1");
        Channel tx = transactional();
        GetResponse m1 = tx.basicGet(q, false);
        tx.basicReject(m1.getEnvelope().getDeliveryTag(), true);
        assertEquals(0, readyAsSeenBy(tx, q));
        tx.txCommit();
        assertEquals(1, readyCount(q));
    }

    @Test
    void mandatoryReturnsComeAtCommit() throws Exception {
        Channel tx = transactional();
        List<Return> returns = new CopyOnWriteArrayList<>();
        tx.addReturnListener(returns::add);
        tx.basicPublish("amq.direct", name("nowhere"), true, null, bytes("unroutable"));
        tx.exchangeDeclarePassive("amq.direct"); // a round trip: nothing returned yet
        assertEquals(List.of(), returns);
        tx.txCommit(); // the return comes before commit-ok
        assertEquals(1, returns.size());
        assertEquals("NO_ROUTE", returns.get(0).getReplyText());
    }

    @Test
    void commitAndRollbackNeedATransactionalChannel() throws Exception {
        assertChannelError(406, "PRECONDITION_FAILED - channel is not transactional", channel, Channel::txCommit);
        assertChannelError(406, "PRECONDITION_FAILED - channel is not transactional", connection.createChannel(),
                Channel::txRollback);
    }

    @Test
    void txModeRefusesConfirms() throws Exception {
        assertChannelError(406, "PRECONDITION_FAILED - cannot switch from tx to confirm mode", channel, ch -> {
            ch.txSelect();
            ch.confirmSelect();
        });
        Channel again = connection.createChannel();
        again.txSelect();
        again.txSelect(); // selecting twice is fine
    }

    private void send(Channel ch, String queue, String... bodies) throws Exception {
        for (String body : bodies) ch.basicPublish("", queue, null, bytes(body));
    }
}
