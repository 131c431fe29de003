package io.warren.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The CI smoke mode of the benchmarks: every {@code @Benchmark} method of the module (as listed in
 * the JMH-generated {@code META-INF/BenchmarkList}) runs through JMH once, briefly and in this JVM,
 * and yields a result. No timing is asserted. A new benchmark is covered without touching this test.
 */
class AllBenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsAndReportsAScore() throws Exception {
        Set<String> listed = listedBenchmarks();
        assertTrue(listed.size() >= 15, "benchmarks found: " + listed);
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(".*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("batch", "50") // StoreAppendBenchmark: one fsync batch size is enough here
                .shouldFailOnError(true)
                .build()).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            ran.add(r.getParams().getBenchmark());
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
        }
        assertEquals(listed, ran);
    }

    private static Set<String> listedBenchmarks() throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream in = AllBenchmarksSmokeTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                // a BenchmarkListEntry line: "JMH S <length> <user class> S <length> <generated class>
                // S <length> <method> ..." (JMH's own line format)
                String[] tokens = line.trim().split(" ");
                names.add(tokens[3] + "." + tokens[9]);
            }
        }
        return names;
    }
}
