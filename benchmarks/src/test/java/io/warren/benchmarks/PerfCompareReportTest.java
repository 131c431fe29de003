package io.warren.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latency part of {@code perftest/perf_compare.py}, the helper of {@code bin/perf-compare}: from two
 * PerfTest logs (one per broker) it reports PerfTest's whole-run p99 and the steady-state p99, the median
 * of the per-second p99 lines once the first two seconds (PerfTest's start-up burst) are past.
 */
class PerfCompareReportTest {
    private static final String SCENARIO = "latency-2000mps-512b";

    @TempDir
    Path dir;

    @Test
    void theSteadyStateP99LeavesOutTheFirstTwoSecondsOfEachRun() throws Exception {
        // seconds 1 and 2 are slow (the client starting); then five seconds whose p99 median is 1,100 µs
        record("warren", log(new int[] {120_000, 80_000, 1_000, 1_200, 900, 1_100, 1_300}, "90000"));
        // RabbitMQ's whole-run p99 is lower, its steady state higher: median of 2.0, 2.2, 1.9, 2.1, 2.3 ms
        record("rabbitmq", log(new int[] {30_000, 20_000, 2_000, 2_200, 1_900, 2_100, 2_300}, "40000"));

        Path meta = dir.resolve("meta.json");
        Files.writeString(meta, """
                {"perftest_version": "2.22.1", "seconds": 7, "rounds": 1, "memory_rounds": 1,
                 "brokers": ["warren", "rabbitmq"], "warren": {"java_opts": ""},
                 "scenarios": [{"name": "%s", "args": "-r 2000", "latency": true, "memory": false}]}
                """.formatted(SCENARIO));
        Path report = dir.resolve("report.json");
        String table = run(List.of("report", "--results", results().toString(), "--meta", meta.toString(),
                "--json-out", report.toString()));

        JsonNode scenario = new ObjectMapper().readTree(report.toFile()).path("scenarios").get(0);
        JsonNode warren = scenario.path("brokers").path("warren");
        JsonNode rabbit = scenario.path("brokers").path("rabbitmq");
        assertEquals(90_000.0, warren.path("median_latency_us").path("p99").asDouble(), "whole-run p99 from the summary");
        assertEquals(1_100.0, warren.path("median_steady_p99_us").asDouble());
        assertEquals(2_100.0, rabbit.path("median_steady_p99_us").asDouble());
        assertEquals(1_100.0 / 2_100.0, scenario.path("ratio_warren_over_rabbitmq").path("latency_steady_p99").asDouble(), 1e-9);
        assertEquals(90_000.0 / 40_000.0, scenario.path("ratio_warren_over_rabbitmq").path("latency_p99").asDouble(), 1e-9);
        assertTrue(table.contains("| 1,100 µs | 2,100 µs | 0.52x |"), table);
    }

    /** A PerfTest console log: one line per second with the consumer latency percentiles, then the summary. */
    private Path log(int[] p99PerSecond, String wholeRunP99) throws IOException {
        StringBuilder text = new StringBuilder("id: test-1, starting consumer #0\n");
        for (int second = 0; second < p99PerSecond.length; second++) {
            text.append("id: test-1, time ").append(second + 1).append(".001 s, sent: 2000 msg/s, received: 2000 msg/s, ")
                    .append("min/median/75th/95th/99th consumer latency: 50/150/200/400/").append(p99PerSecond[second])
                    .append(" µs\n");
        }
        text.append("id: test-1, sending rate avg: 2000 msg/s\n")
                .append("id: test-1, receiving rate avg: 2000 msg/s\n")
                .append("id: test-1, consumer latency min/median/75th/95th/99th 50/150/200/400/").append(wholeRunP99)
                .append(" µs\n");
        Path log = Files.createTempFile(dir, "perftest-", ".log");
        Files.writeString(log, text, StandardCharsets.UTF_8);
        return log;
    }

    private void record(String broker, Path log) throws Exception {
        run(List.of("record", "--results", results().toString(), "--scenario", SCENARIO, "--broker", broker,
                "--round", "1", "--rc", "0", "--log", log.toString(), "--csv", dir.resolve("absent.csv").toString()));
    }

    private Path results() {
        return dir.resolve("runs.jsonl");
    }

    private static String run(List<String> arguments) throws Exception {
        return PythonHelper.run("perf_compare.py", arguments);
    }
}
