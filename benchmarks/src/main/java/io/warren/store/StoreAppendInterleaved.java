package io.warren.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link StoreAppendBenchmark}'s variants run in turns in one JVM (0.7 s each, 12 rounds, the
 * first 2 discarded), printing each one's median messages/second. On a shared machine whose disk
 * load comes and goes, JMH's one-after-the-other runs compare different conditions; turns compare
 * like with like.
 *
 * <pre>
 * java -cp "benchmarks/target/warren-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     io.warren.store.StoreAppendInterleaved [batch ...]     (default: 1 100 1000)
 * </pre>
 */
public final class StoreAppendInterleaved {
    private static final String[] VARIANTS = {"baselineFileChannel", "embeddedInIndex", "storeAndIndex"};
    private static final int ROUNDS = 12;
    private static final int DISCARDED = 2;
    private static final long TURN_NANOS = 700_000_000L;

    private StoreAppendInterleaved() {
    }

    public static void main(String[] args) throws IOException {
        int[] batches = args.length == 0 ? new int[] {1, 100, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int batch : batches) {
            for (Map.Entry<String, List<Double>> result : run(batch).entrySet()) {
                List<Double> rates = result.getValue();
                Collections.sort(rates);
                System.out.printf("batch=%-5d %-20s median %,10.0f msg/s   (min %,.0f, max %,.0f)%n", batch, result.getKey(),
                        rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1));
            }
        }
    }

    private static Map<String, List<Double>> run(int batch) throws IOException {
        StoreAppendBenchmark benchmark = new StoreAppendBenchmark();
        benchmark.batch = batch;
        benchmark.windowMillis = 5;
        benchmark.setUp();
        Map<String, StoreAppendBenchmark.Publisher> publishers = new LinkedHashMap<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (String variant : VARIANTS) {
            publishers.put(variant, new StoreAppendBenchmark.Publisher());
            rates.put(variant, new ArrayList<>());
        }
        try {
            for (int round = 0; round < ROUNDS; round++) {
                for (String variant : VARIANTS) {
                    StoreAppendBenchmark.Publisher publisher = publishers.get(variant);
                    publisher.reset();
                    long started = System.nanoTime();
                    while (System.nanoTime() - started < TURN_NANOS) turn(benchmark, variant, publisher);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    if (round >= DISCARDED) rates.get(variant).add(publisher.messages / seconds);
                }
            }
        } finally {
            benchmark.tearDown();
        }
        return rates;
    }

    private static void turn(StoreAppendBenchmark benchmark, String variant, StoreAppendBenchmark.Publisher publisher)
            throws IOException {
        switch (variant) {
            case "baselineFileChannel" -> benchmark.baselineFileChannel(publisher);
            case "embeddedInIndex" -> benchmark.embeddedInIndex(publisher);
            default -> benchmark.storeAndIndex(publisher);
        }
    }
}
