package io.warren.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many threads route while one thread binds and unbinds. Stable destinations must be seen by every
 * single route, including one whose two aliased bindings are removed and re-added one at a time, and
 * no route may deliver twice to one destination or throw.
 */
class ConcurrentRoutingTest {

    private static final int READERS = 4;
    private static final int CHANGES = 3_000;
    private static final int MIN_ROUTES_PER_READER = 2_000;
    private static final String ROUTING_KEY = "orders.eu";
    private static final Map<String, Object> HEADERS = Map.of("region", "eu", "kind", "order");

    @ParameterizedTest
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void routesAlwaysSeeStableBindingsWhileOthersChange(String type) throws Exception {
        ExchangeType<String> exchange = ExchangeTypes.<String>create(type).orElseThrow();
        // "stable" has one binding that never changes; "aliased" has two (different arguments), and
        // the writer removes and re-adds them one at a time, so at least one always exists.
        exchange.bind("stable", bindingKey(type, 0), matchingArguments(0));
        exchange.bind("aliased", bindingKey(type, 1), matchingArguments(1));
        exchange.bind("aliased", bindingKey(type, 2), matchingArguments(2));

        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicLong routes = new AtomicLong();
        CountDownLatch readersReady = new CountDownLatch(READERS);
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                futures.add(pool.submit(() -> {
                    readersReady.countDown();
                    int mine = 0;
                    while (!writerDone.get() || mine < MIN_ROUTES_PER_READER) {
                        List<String> routed = Routes.of(exchange, ROUTING_KEY, HEADERS);
                        Set<String> distinct = new HashSet<>(routed);
                        if (distinct.size() != routed.size() || !distinct.contains("stable")
                                || !distinct.contains("aliased")) {
                            failures.add(new AssertionError("route saw " + routed));
                            return;
                        }
                        mine++;
                    }
                    routes.addAndGet(mine);
                }));
            }
            futures.add(pool.submit(() -> {
                try {
                    readersReady.await();
                    for (int i = 0; i < CHANGES; i++) {
                        String churn = "churn-" + (i % 50);
                        exchange.bind(churn, bindingKey(type, i), matchingArguments(i));
                        exchange.bind(churn, "unrelated." + i, Map.of("region", "us-" + i));
                        int alias = 1 + i % 2;
                        assertTrue(exchange.unbind("aliased", bindingKey(type, alias), matchingArguments(alias)));
                        assertTrue(exchange.bind("aliased", bindingKey(type, alias), matchingArguments(alias)));
                        if (i % 7 == 0) {
                            exchange.unbindAll("churn-" + ((i + 25) % 50));
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    writerDone.set(true);
                }
                return null;
            }));
            for (Future<?> future : futures) {
                future.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), new ArrayList<>(failures));
        assertTrue(routes.get() >= (long) READERS * MIN_ROUTES_PER_READER);

        // Once quiet, routing reflects exactly the bindings that are left.
        for (int c = 0; c < 50; c++) {
            exchange.unbindAll("churn-" + c);
        }
        assertEquals(3, exchange.bindingCount());
        assertEquals(Set.of("stable", "aliased"), new HashSet<>(Routes.of(exchange, ROUTING_KEY, HEADERS)));
    }

    /** A binding key that matches ROUTING_KEY for the type, varied by n where the type allows. */
    private static String bindingKey(String type, int n) {
        return switch (type) {
            case "topic" -> List.of("orders.*", "#.eu", "orders.#", "*.eu", "#").get(n % 5);
            case "fanout" -> "key-" + n;
            default -> ROUTING_KEY;
        };
    }

    /** Arguments that match HEADERS for the headers type, varied by n so bindings differ. */
    private static Map<String, Object> matchingArguments(int n) {
        return switch (n % 3) {
            case 0 -> Map.of("region", "eu");
            case 1 -> Map.of("x-match", "any", "kind", "order", "region", "n" + n);
            default -> Map.of("kind", "order", "x-n", n);
        };
    }
}
