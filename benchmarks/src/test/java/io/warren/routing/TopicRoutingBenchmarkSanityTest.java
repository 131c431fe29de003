package io.warren.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** The topic routing benchmarks compare like with like: the same destinations for every routing key. */
class TopicRoutingBenchmarkSanityTest {
    private static final Blackhole BH = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void cacheTrieAndScanAgreeOnEveryKey() {
        TopicRoutingBenchmark b = new TopicRoutingBenchmark();
        b.setUp();
        for (String key : b.keys()) {
            var expected = b.scan(key);
            assertFalse(expected.isEmpty(), key);
            assertEquals(expected, b.route("cached", key), key);
            assertEquals(expected, b.route("trie", key), key);
            assertEquals(expected, b.route("cached", key), key); // from the cache this time
        }
        for (int i = 0; i < 3; i++) {
            b.cached(BH);
            b.trie(BH);
            b.baselineScan(BH);
            b.baselineDirect(BH);
        }
    }
}
