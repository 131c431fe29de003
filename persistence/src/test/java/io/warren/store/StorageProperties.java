package io.warren.store;

import static io.warren.store.StoreTesting.awaitDurable;
import static io.warren.store.StoreTesting.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random sequences of publishes (to one or several queues, bodies in the store or embedded),
 * deliveries, acks, queues drained or thinned out, clean restarts and crashes (a copy of the files taken while the I/O thread is
 * held right after a sync, i.e. what {@code kill -9} would leave) always recover exactly what a
 * simple in-memory model holds.
 */
class StorageProperties {
    private static final int QUEUES = 3;

    sealed interface Action permits Publish, Deliver, Ack, Drain, Thin, Restart, Crash {
    }

    record Publish(int bodySize, int queueMask, boolean embed) implements Action {
    }

    record Deliver(int queue, int pick) implements Action {
    }

    record Ack(int queue, int pick) implements Action {
    }

    /** Acks every entry of one queue (a consumer catching up), which makes files dead or sparse. */
    record Drain(int queue) implements Action {
    }

    /** Acks every other entry of one queue, which leaves files half dead: compaction's case. */
    record Thin(int queue) implements Action {
    }

    record Restart() implements Action {
    }

    record Crash() implements Action {
    }

    record Entry(MsgId id, byte[] body, boolean embedded, boolean delivered) {
    }

    /** Compaction rounds completed over all tries: the actions are tuned so that compaction really happens. */
    private static final AtomicLong COMPACTIONS = new AtomicLong();

    @AfterContainer
    static void compactionsHappened() {
        assertTrue(COMPACTIONS.get() > 0, "no try compacted: tune the actions");
    }

    @Property(tries = 100)
    void recoveryMatchesTheModel(@ForAll("actions") List<Action> actions,
                                 @ForAll @IntRange(min = 0, max = 2) int geometry,
                                 @ForAll long seed) throws IOException {
        StorageOptions options = switch (geometry) {
            case 0 -> StorageOptions.defaults().withSegmentSize(1024).withIndexSegmentEntries(4).withGroupCommitWindow(Duration.ZERO);
            case 1 -> StorageOptions.defaults().withSegmentSize(2048).withIndexSegmentEntries(16)
                    .withGroupCommitWindow(Duration.ofMillis(1));
            default -> StorageOptions.defaults().withIndexSegmentEntries(1000).withGroupCommitWindow(Duration.ZERO);
        };
        Path root = Files.createTempDirectory("warren-store-property");
        try (LogCapture logs = new LogCapture()) {
            COMPACTIONS.addAndGet(new Run(root, options, new Random(seed)).play(actions));
            assertEquals(List.of(), logs.warnings(), "nothing to warn about: no corruption, no failure, no bug");
        } finally {
            StoreTesting.deleteTree(root);
        }
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> bodySize = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 300)), Tuple.of(2, Arbitraries.integers().between(300, 5000)));
        Arbitrary<Action> publish = Combinators.combine(
                bodySize,
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(1, 2, 4)),
                        Tuple.of(1, Arbitraries.integers().between(1, (1 << QUEUES) - 1))),
                Arbitraries.of(true, false)).as(Publish::new);
        Arbitrary<Action> deliver = Combinators.combine(Arbitraries.integers().between(0, QUEUES - 1),
                Arbitraries.integers().between(0, 1000)).as(Deliver::new);
        Arbitrary<Action> ack = Combinators.combine(Arbitraries.integers().between(0, QUEUES - 1),
                Arbitraries.integers().between(0, 1000)).as(Ack::new);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(10, publish), Tuple.of(3, deliver), Tuple.of(10, ack),
                Tuple.of(1, Arbitraries.integers().between(0, QUEUES - 1).map(Drain::new)),
                Tuple.of(2, Arbitraries.integers().between(0, QUEUES - 1).map(Thin::new)),
                Tuple.of(1, Arbitraries.just(new Restart())), Tuple.of(1, Arbitraries.just(new Crash())));
        return action.list().ofMinSize(20).ofMaxSize(250).withSizeDistribution(RandomDistribution.uniform());
    }

    /** One try: the storage under test beside its model. */
    private static final class Run {
        private final Path root;
        private final StorageOptions options;
        private final Random random;
        private final List<TreeMap<Long, Entry>> queues = new ArrayList<>();
        private final Map<MsgId, byte[]> bodies = new HashMap<>();
        private final Map<MsgId, Integer> references = new HashMap<>();
        private Path dir;
        private Storage storage;
        private int generation;
        private long compactions;

        Run(Path root, StorageOptions options, Random random) throws IOException {
            this.root = root;
            this.options = options;
            this.random = random;
            for (int q = 0; q < QUEUES; q++) queues.add(new TreeMap<>());
            dir = root.resolve("gen-0");
            storage = Storage.open(dir, options);
        }

        /** Plays the actions; returns the compaction rounds completed. */
        long play(List<Action> actions) throws IOException {
            try {
                for (Action action : actions) apply(action);
                restart();
                return compactions;
            } finally {
                storage.close();
            }
        }

        private void apply(Action action) throws IOException {
            if (action instanceof Publish p) {
                publish(p);
            } else if (action instanceof Deliver d) {
                pick(d.queue(), d.pick()).ifPresent(seq -> deliver(d.queue(), seq));
            } else if (action instanceof Ack a) {
                pick(a.queue(), a.pick()).ifPresent(seq -> ack(a.queue(), seq));
            } else if (action instanceof Drain d) {
                for (long seq : List.copyOf(queues.get(d.queue()).keySet())) ack(d.queue(), seq);
            } else if (action instanceof Thin t) {
                List<Long> seqs = List.copyOf(queues.get(t.queue()).keySet());
                for (int i = 0; i < seqs.size(); i += 2) ack(t.queue(), seqs.get(i));
            } else if (action instanceof Restart) {
                restart();
            } else {
                crash();
            }
        }

        private void deliver(int queue, long seq) {
            storage.queue(key(queue)).delivered(seq);
            Entry e = queues.get(queue).get(seq);
            queues.get(queue).put(seq, new Entry(e.id(), e.body(), e.embedded(), true));
        }

        private void ack(int queue, long seq) {
            Entry e = queues.get(queue).remove(seq);
            storage.queue(key(queue)).acked(seq);
            if (e.embedded()) return;
            storage.messages().release(e.id());
            if (references.merge(e.id(), -1, Integer::sum) == 0) {
                references.remove(e.id());
                bodies.remove(e.id());
            }
        }

        private void publish(Publish p) {
            byte[] body = new byte[p.bodySize()];
            random.nextBytes(body);
            MsgId id = MsgId.random();
            int count = Integer.bitCount(p.queueMask());
            if (!p.embed()) {
                storage.messages().write(id, ByteBuffer.wrap(body), count);
                bodies.put(id, body);
                references.put(id, count);
            }
            for (int q = 0; q < QUEUES; q++) {
                if ((p.queueMask() & (1 << q)) == 0) continue;
                long seq = storage.queue(key(q)).publish(id, p.embed() ? ByteBuffer.wrap(body) : null);
                queues.get(q).put(seq, new Entry(id, body, p.embed(), false));
            }
        }

        private java.util.Optional<Long> pick(int queue, int pick) {
            TreeMap<Long, Entry> entries = queues.get(queue);
            if (entries.isEmpty()) return java.util.Optional.empty();
            return java.util.Optional.of(new ArrayList<>(entries.keySet()).get(pick % entries.size()));
        }

        /** A clean restart, once a compaction round under way has finished (a crash does not wait). */
        private void restart() throws IOException {
            awaitDurable(storage);
            StoreTesting.eventually("the compaction round finished", () -> !storage.messages().compacting());
            compactions += storage.messages().compactions();
            storage.close();
            storage = Storage.open(dir, options);
            check();
        }

        /** Sync, hold the I/O thread, copy the files: the copy is what a crash at that instant leaves. */
        private void crash() throws IOException {
            awaitDurable(storage);
            compactions += storage.messages().compactions();
            IoThreadHold hold = IoThreadHold.on(storage);
            Path copy = root.resolve("gen-" + ++generation);
            try {
                hold.awaitHeld();
                StoreTesting.copyTree(dir, copy);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                hold.release();
            }
            storage.close();
            dir = copy;
            storage = Storage.open(dir, options);
            check();
        }

        private void check() throws IOException {
            for (int q = 0; q < QUEUES; q++) {
                List<RecoveredEntry> got = StoreTesting.recovered(storage.queue(key(q)));
                TreeMap<Long, Entry> expected = queues.get(q);
                assertEquals(List.copyOf(expected.keySet()), got.stream().map(RecoveredEntry::seq).toList(), "queue " + q);
                for (RecoveredEntry entry : got) {
                    Entry model = expected.get(entry.seq());
                    assertEquals(model.id(), entry.id());
                    assertEquals(model.delivered(), entry.delivered(), "delivered flag of seq " + entry.seq());
                    if (model.embedded()) {
                        assertArrayEquals(model.body(), bytes(entry.embeddedBody()));
                    } else {
                        assertEquals(null, entry.embeddedBody());
                    }
                }
            }
            assertEquals(bodies.size(), storage.messages().messageCount());
            for (Map.Entry<MsgId, byte[]> body : bodies.entrySet()) {
                assertArrayEquals(body.getValue(), bytes(storage.messages().read(body.getKey())));
            }
        }

        private static String key(int queue) {
            return "/\0q" + queue;
        }
    }
}
