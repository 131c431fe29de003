package io.warren.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicExchangeTest {

    /** The bindings of RabbitMQ's own topic routing test (routing_SUITE), in its order. */
    private static final String[][] RABBIT_BINDINGS = {
            {"a.b.c", "t1"}, {"a.*.c", "t2"}, {"a.#.b", "t3"}, {"a.b.b.c", "t4"}, {"#", "t5"},
            {"#.#", "t6"}, {"#.b", "t7"}, {"*.*", "t8"}, {"a.*", "t9"}, {"*.b.c", "t10"},
            {"a.#", "t11"}, {"a.#.#", "t12"}, {"b.b.c", "t13"}, {"a.b.b", "t14"}, {"a.b", "t15"},
            {"b.c", "t16"}, {"", "t17"}, {"*.*.*", "t18"}, {"vodka.martini", "t19"}, {"a.b.c", "t20"},
            {"*.#", "t21"}, {"#.*.#", "t22"}, {"*.#.#", "t23"}, {"#.#.#", "t24"}, {"*", "t25"},
            {"#.b.#", "t26"}, {"args-test", "t27", "bar"}, {"args-test", "t27", "baz"}};

    private static void bindRabbitTable(TopicExchange<String> exchange) {
        for (String[] b : RABBIT_BINDINGS) {
            assertTrue(exchange.bind(b[1], b[0], b.length > 2 ? Map.of("foo", b[2]) : null));
        }
    }

    private static Set<String> routed(TopicExchange<String> exchange, String routingKey) {
        List<String> routed = Routes.of(exchange, routingKey);
        assertEquals(routed.size(), new HashSet<>(routed).size(), "duplicates in " + routed);
        return new TreeSet<>(routed);
    }

    private static Set<String> set(String spaceSeparated) {
        return spaceSeparated.isBlank() ? Set.of() : new TreeSet<>(List.of(spaceSeparated.trim().split(" +")));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            a.b.c               | t1 t2 t5 t6 t10 t11 t12 t18 t20 t21 t22 t23 t24 t26
            a.b                 | t3 t5 t6 t7 t8 t9 t11 t12 t15 t21 t22 t23 t24 t26
            a.b.b               | t3 t5 t6 t7 t11 t12 t14 t18 t21 t22 t23 t24 t26
            ''                  | t5 t6 t17 t24
            b.c.c               | t5 t6 t18 t21 t22 t23 t24 t26
            a.a.a.a.a           | t5 t6 t11 t12 t21 t22 t23 t24
            vodka.gin           | t5 t6 t8 t21 t22 t23 t24
            vodka.martini       | t5 t6 t8 t19 t21 t22 t23 t24
            b.b.c               | t5 t6 t10 t13 t18 t21 t22 t23 t24 t26
            nothing.here.at.all | t5 t6 t21 t22 t23 t24
            oneword             | t5 t6 t21 t22 t23 t24 t25
            args-test           | t5 t6 t21 t22 t23 t24 t25 t27
            """)
    void routesLikeRabbitMqsOwnTopicTest(String routingKey, String expected) {
        TopicExchange<String> exchange = new TopicExchange<>();
        bindRabbitTable(exchange);
        assertEquals(set(expected), routed(exchange, routingKey));
    }

    @ParameterizedTest(name = "after removals \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            a.b.c               | t2 t6 t10 t12 t18 t20 t22 t23 t24 t26
            a.b                 | t3 t6 t7 t8 t9 t12 t15 t22 t23 t24 t26
            a.b.b               | t3 t6 t7 t12 t14 t18 t22 t23 t24 t26
            ''                  | t6 t17 t24
            b.c.c               | t6 t18 t22 t23 t24 t26
            a.a.a.a.a           | t6 t12 t22 t23 t24
            vodka.gin           | t6 t8 t22 t23 t24
            vodka.martini       | t6 t8 t22 t23 t24
            b.b.c               | t6 t10 t13 t18 t22 t23 t24 t26
            nothing.here.at.all | t6 t22 t23 t24
            oneword             | t6 t22 t23 t24 t25
            args-test           | t6 t22 t23 t24 t25 t27
            """)
    void routesLikeRabbitMqsOwnTopicTestAfterRemovals(String routingKey, String expected) {
        TopicExchange<String> exchange = new TopicExchange<>();
        bindRabbitTable(exchange);
        routed(exchange, routingKey); // fill the cache, which the removals must invalidate
        for (int n : new int[] {1, 5, 11, 19, 21, 28}) {
            String[] b = RABBIT_BINDINGS[n - 1];
            assertTrue(exchange.unbind(b[1], b[0], b.length > 2 ? Map.of("foo", b[2]) : null));
        }
        assertEquals(set(expected), routed(exchange, routingKey));
    }

    @ParameterizedTest(name = "binding \"{0}\", routing key \"{1}\": {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''     | ''     | true
            #      | ''     | true
            *      | ''     | false
            *      | a.b    | false
            *      | a      | true
            a.#    | a      | true
            #.a    | a      | true
            #.a    | b.a    | true
            a.#.b  | a.b    | true
            a..b   | a..b   | true
            a.*.b  | a..b   | true
            a.*    | a.     | true
            *      | .      | false
            *.*    | .      | true
            ''     | .      | false
            #.     | ''     | false
            .#     | .      | true
            a*     | ab     | false
            a*     | a*     | true
            a.b    | A.B    | false
            """)
    void wordEdgeCases(String bindingKey, String routingKey, boolean matches) {
        TopicExchange<String> exchange = new TopicExchange<>();
        exchange.bind("q", bindingKey, null);
        assertEquals(matches ? List.of("q") : List.of(), Routes.of(exchange, routingKey));
    }

    @Test
    void aDestinationMatchedByManyBindingsIsDeliveredOnce() {
        TopicExchange<String> exchange = new TopicExchange<>();
        for (String key : List.of("#", "a.*", "*.b", "a.b", "a.#", "#.b")) {
            exchange.bind("q", key, null);
        }
        exchange.bind("other", "a.b", null);
        assertEquals(List.of("q"), Routes.of(exchange, "a.c"));
        assertEquals(Set.of("q", "other"), new HashSet<>(Routes.of(exchange, "a.b")));
        assertEquals(2, Routes.of(exchange, "a.b").size());
    }

    @Test
    void cachedRoutesFollowEveryChange() {
        TopicExchange<String> exchange = new TopicExchange<>();
        assertEquals(List.of(), Routes.of(exchange, "a.b"));
        exchange.bind("q1", "a.*", null);
        assertEquals(List.of("q1"), Routes.of(exchange, "a.b"));
        assertEquals(List.of("q1"), Routes.of(exchange, "a.b"));
        exchange.bind("q2", "#", null);
        assertEquals(Set.of("q1", "q2"), new HashSet<>(Routes.of(exchange, "a.b")));
        exchange.unbind("q1", "a.*", null);
        assertEquals(List.of("q2"), Routes.of(exchange, "a.b"));
        exchange.unbindAll("q2");
        assertEquals(List.of(), Routes.of(exchange, "a.b"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyHashesAgainstALongRoutingKeyStayFast() {
        TopicExchange<String> exchange = new TopicExchange<>(0);
        String hashes = "#.a.#.a.#.a.#.a.#.a.#.a.#.a.#.a.#";
        exchange.bind("q", hashes + ".b", null);
        exchange.bind("q2", hashes, null);
        String longKey = String.join(".", Collections.nCopies(127, "a")); // 253 bytes
        for (int i = 0; i < 100; i++) { // without memoised # entries this is ~C(127,8) steps per route
            assertEquals(List.of("q2"), Routes.of(exchange, longKey));
            assertEquals(Set.of("q", "q2"), new HashSet<>(Routes.of(exchange, longKey + ".b")));
        }
        assertEquals(List.of(), Routes.of(exchange, "a.a.a.a.a.a.a"), "needs eight a words");
        assertTrue(TopicMatchingProperties.referenceMatches(hashes, longKey));
    }

    /** A destination that runs an action the next time a hash set asks for its hash code. */
    private static final class Tripwire {
        Runnable action;

        @Override
        public int hashCode() {
            Runnable run = action;
            action = null;
            if (run != null) {
                run.run();
            }
            return 1;
        }
    }

    @Test
    void aBindDuringATrieWalkIsSeenByThatRouteAndEveryLaterOne() {
        TopicExchange<Object> exchange = new TopicExchange<>();
        Tripwire tripwire = new Tripwire();
        exchange.bind(tripwire, "k", null);
        // The walk for "k" collects the tripwire into a hash set; at that moment another binding
        // for "k" is made, after the walk read the leaf. The walk must notice and start again,
        // and must not cache what it saw first.
        tripwire.action = () -> exchange.bind("late", "k", null);
        assertEquals(List.of(tripwire, "late"), Routes.of(exchange, "k"));
        assertEquals(List.of(tripwire, "late"), Routes.of(exchange, "k"));
        tripwire.action = () -> exchange.unbind("late", "k", null);
        exchange.bind("other", "other", null); // empties the cache, so the next route walks again
        assertEquals(List.of(tripwire), Routes.of(exchange, "k"));
        assertEquals(List.of(tripwire), Routes.of(exchange, "k"));
    }

    @Test
    void aliasedBindingsKeepTheDestinationUntilTheLastGoes() {
        TopicExchange<String> exchange = new TopicExchange<>();
        assertTrue(exchange.bind("q", "a.#", Map.of("k", 1)));
        assertTrue(exchange.bind("q", "a.#.#", null)); // same trie path once # runs collapse
        assertEquals(List.of("q"), Routes.of(exchange, "a.x"));
        assertTrue(exchange.unbind("q", "a.#", Map.of("k", 1)));
        assertEquals(List.of("q"), Routes.of(exchange, "a.x"));
        assertTrue(exchange.unbind("q", "a.#.#", null));
        assertEquals(List.of(), Routes.of(exchange, "a.x"));
        assertEquals(0, exchange.bindingCount());
    }

    @ParameterizedTest(name = "cache size {0}")
    @ValueSource(ints = {0, TopicExchange.DEFAULT_CACHE_SIZE})
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void tenThousandBindingsRouteCorrectlyAndFast(int cacheSize) {
        TopicExchange<Integer> exchange = new TopicExchange<>(cacheSize);
        List<Pattern> reference = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String key = switch (i % 4) {
                case 0 -> "stock." + i + ".nyse";
                case 1 -> "stock.*." + i;
                case 2 -> "news." + (i % 100) + ".#";
                default -> "#." + i;
            };
            reference.add(TopicMatchingProperties.regex(key));
            assertTrue(exchange.bind(i, key, null));
        }
        assertEquals(10_000, exchange.bindingCount());
        int routes = 0;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 10_000; i += 7) {
                String routingKey = switch (i % 3) {
                    case 0 -> "stock." + (i / 4 * 4) + ".nyse";
                    case 1 -> "news." + ((i / 4 * 4 + 2) % 100) + ".x.y";
                    default -> "stock.x." + (i / 4 * 4 + 1);
                };
                Set<Integer> routed = new TreeSet<>(Routes.of(exchange, routingKey));
                if (round == 0 && i % 10 == 0) { // check a sample against the reference; later rounds may hit the cache
                    Set<Integer> expected = new TreeSet<>();
                    for (int b = 0; b < reference.size(); b++) {
                        if (reference.get(b).matcher(routingKey + ".").matches()) {
                            expected.add(b);
                        }
                    }
                    assertEquals(expected, routed, routingKey);
                }
                assertFalse(routed.isEmpty(), routingKey);
                routes++;
            }
        }
        assertTrue(routes > 20_000);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(1, exchange.unbindAll(i));
        }
        assertEquals(List.of(), Routes.of(exchange, "stock.1.nyse"));
    }
}
