package io.warren.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Routing one message through a topic exchange with {@value #BINDINGS} bindings to
 * {@value #QUEUES} queues. Binding keys have three words ({@code w<i>.x<j>.event}); 70% are exact,
 * 10% {@code w<i>.*.event}, 10% {@code w<i>.#}, 10% {@code #.x<j>.event}, so a routing key reaches a
 * handful of queues. Each operation routes the next of {@value #KEYS} routing keys drawn at random
 * from the 10,000 possible ones.
 *
 * <ul>
 *   <li>{@code cached}: {@link TopicExchange} as the broker uses it, its route cache warm (every
 *       key of the pool fits in it).</li>
 *   <li>{@code trie}: the same exchange without a cache: one walk of the compiled trie per message.</li>
 *   <li>{@code baselineScan}: what an exchange without a trie does: every binding key matched
 *       against the routing key in turn (RabbitMQ's semantics, distinct destinations).</li>
 *   <li>{@code baselineDirect}: a hash lookup, the cost of a direct exchange: the floor.</li>
 * </ul>
 *
 * Run: {@code java -cp "benchmarks/target/warren-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
 * org.openjdk.jmh.Main TopicRoutingBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class TopicRoutingBenchmark {
    public static final int BINDINGS = 10_000;
    public static final int QUEUES = 1_000;
    public static final int KEYS = 1_024;

    private TopicExchange<String> cached;
    private TopicExchange<String> trie;
    private DirectExchange<String> direct;
    private String[][] scanPatterns;
    private String[] scanDestinations;
    private String[] keys;
    private int next;

    @Setup
    public void setUp() {
        cached = new TopicExchange<>();
        trie = new TopicExchange<>(0);
        direct = new DirectExchange<>();
        List<String[]> patterns = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        for (int i = 0; i < BINDINGS; i++) {
            String w = "w" + (i % 100);
            String x = "x" + (i / 100);
            String key = switch (i % 10) {
                case 7 -> w + ".*.event";
                case 8 -> w + ".#";
                case 9 -> "#." + x + ".event";
                default -> w + "." + x + ".event";
            };
            String queue = "q" + (i % QUEUES);
            cached.bind(queue, key, Map.of());
            trie.bind(queue, key, Map.of());
            direct.bind(queue, w + "." + x + ".event", Map.of());
            patterns.add(TopicTrie.words(key));
            destinations.add(queue);
        }
        scanPatterns = patterns.toArray(new String[0][]);
        scanDestinations = destinations.toArray(new String[0]);
        SplittableRandom random = new SplittableRandom(42);
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "w" + random.nextInt(100) + ".x" + random.nextInt(100) + ".event";
        }
        for (String key : keys) {
            cached.route(key, Map.of(), q -> { }); // warm the cache
        }
    }

    private String nextKey() {
        String key = keys[next];
        next = (next + 1) & (KEYS - 1);
        return key;
    }

    @Benchmark
    public void cached(Blackhole bh) {
        cached.route(nextKey(), Map.of(), bh::consume);
    }

    @Benchmark
    public void trie(Blackhole bh) {
        trie.route(nextKey(), Map.of(), bh::consume);
    }

    @Benchmark
    public void baselineScan(Blackhole bh) {
        String[] words = TopicTrie.words(nextKey());
        java.util.HashSet<String> found = new java.util.HashSet<>();
        for (int i = 0; i < scanPatterns.length; i++) {
            if (matches(scanPatterns[i], 0, words, 0) && found.add(scanDestinations[i])) {
                bh.consume(scanDestinations[i]);
            }
        }
    }

    @Benchmark
    public void baselineDirect(Blackhole bh) {
        direct.route(nextKey(), Map.of(), bh::consume);
    }

    /** Topic matching by backtracking, as in RabbitMQ's reference definition. */
    static boolean matches(String[] pattern, int p, String[] words, int w) {
        if (p == pattern.length) return w == words.length;
        String word = pattern[p];
        if (word.equals("#")) {
            for (int skip = w; skip <= words.length; skip++) {
                if (matches(pattern, p + 1, words, skip)) return true;
            }
            return false;
        }
        if (w == words.length) return false;
        return (word.equals("*") || word.equals(words[w])) && matches(pattern, p + 1, words, w + 1);
    }

    /** Distinct destinations the baseline scan finds for a key (the sanity test compares the four). */
    java.util.Set<String> scan(String key) {
        String[] words = TopicTrie.words(key);
        java.util.Set<String> found = new java.util.TreeSet<>();
        for (int i = 0; i < scanPatterns.length; i++) {
            if (matches(scanPatterns[i], 0, words, 0)) found.add(scanDestinations[i]);
        }
        return found;
    }

    java.util.Set<String> route(String kind, String key) {
        java.util.Set<String> found = new java.util.TreeSet<>();
        ExchangeType<String> exchange = switch (kind) {
            case "cached" -> cached;
            case "trie" -> trie;
            default -> direct;
        };
        exchange.route(key, Map.of(), found::add);
        return found;
    }

    String[] keys() {
        return keys;
    }

    public static void main(String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = TopicRoutingBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
