package io.warren.broker.definitions;

import io.netty.channel.EventLoopGroup;
import io.warren.broker.VirtualHosts;
import io.warren.broker.auth.UserDatabase;
import io.warren.broker.durable.Persistence;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.vhost.DelayedMessages;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.store.MsgId;
import java.util.function.Consumer;
import io.warren.config.BrokerConfig;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a node's durable state back at start: the storage (message store and queue journals,
 * recovered after any crash), then the saved definitions (users, vhosts, permissions, policies,
 * durable exchanges, queues and bindings), then each durable queue's messages from its journal,
 * then the messages durable delayed exchanges hold (those already routed before a crash are not
 * routed again).
 * On the very first start there is nothing saved: the default user and vhost are created, and
 * only then. Finally {@code load_definitions} is applied, and from then on every durable change
 * is saved.
 *
 * @param persistence the opened storage
 * @param vhosts      the node's virtual hosts
 * @param users       the node's users and permissions
 * @param file        the definitions file, saving from now on
 */
public record NodeRecovery(Persistence persistence, VirtualHosts vhosts, UserDatabase users, DefinitionsFile file) {
    private static final Logger log = LoggerFactory.getLogger(NodeRecovery.class);

    public static NodeRecovery recover(BrokerConfig config, EventLoopGroup queueLoops) throws IOException {
        long started = System.nanoTime();
        Persistence persistence = Persistence.open(config.dataDir(), config.store());
        DefinitionsFile[] file = new DefinitionsFile[1];
        VirtualHosts vhosts = new VirtualHosts(queueLoops, persistence, () -> file[0].changed());
        UserDatabase users = new UserDatabase();
        Definitions definitions = new Definitions(vhosts, users);
        file[0] = new DefinitionsFile(config.dataDir(), definitions);
        Optional<DefinitionsDocument> saved = file[0].load();
        if (saved.isPresent()) {
            definitions.apply(saved.get(), true);
        } else {
            UserDatabase seeded = UserDatabase.withDefaultUser(config.defaultUser());
            users.restore(seeded.snapshot());
            vhosts.add(config.defaultUser().vhost());
        }
        long messages = recoverMessages(persistence, vhosts);
        if (config.loadDefinitions().isPresent()) {
            definitions.apply(DefinitionsFile.read(config.loadDefinitions().get()), false);
        }
        file[0].enable();
        users.addChangeListener(change -> file[0].changed());
        log.info("Recovered {} vhosts and {} persistent messages in {} ms", vhosts.all().size(), messages,
                (System.nanoTime() - started) / 1_000_000);
        return new NodeRecovery(persistence, vhosts, users, file[0]);
    }

    private static long recoverMessages(Persistence persistence, VirtualHosts vhosts) throws IOException {
        long total = 0;
        boolean delayedJournals = !persistence.recoveredDelayed().isEmpty();
        Set<MsgId> inQueues = new HashSet<>();
        Consumer<MsgId> seen = delayedJournals ? inQueues::add : id -> { };
        Set<String> live = new HashSet<>();
        for (VirtualHost vhost : vhosts.all()) {
            for (ClassicQueue queue : vhost.queues()) {
                if (queue.journal() == null) continue;
                live.add(vhost.name() + '\u0000' + queue.name());
                total += await(queue.recover(queue.journal().index().recovered(), seen), "queue '" + queue.name() + "'");
            }
        }
        Set<String> liveDelayed = new HashSet<>();
        for (VirtualHost vhost : vhosts.all()) {
            for (Exchange exchange : vhost.exchanges()) {
                DelayedMessages delayed = exchange.delayed();
                if (delayed == null || delayed.journal() == null) continue;
                liveDelayed.add(vhost.name() + '\u0000' + exchange.name());
                total += delayed.recover(delayed.journal().index().recovered(), inQueues);
            }
        }
        for (String[] found : persistence.recoveredQueues()) {
            if (!live.contains(found[0] + '\u0000' + found[1])) {
                log.info("Dropping the journal of queue '{}' in vhost '{}': the queue is not defined", found[1], found[0]);
                persistence.dropJournal(found[0], found[1]);
            }
        }
        for (String[] found : persistence.recoveredDelayed()) {
            if (!liveDelayed.contains(found[0] + '\u0000' + found[1])) persistence.dropDelayedJournal(found[0], found[1]);
        }
        return total;
    }

    private static long await(java.util.concurrent.CompletableFuture<Integer> recovery, String what) throws IOException {
        try {
            return recovery.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted recovering " + what, e);
        } catch (ExecutionException e) {
            throw new IOException("could not recover " + what, e.getCause());
        }
    }
}
