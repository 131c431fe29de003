package io.warren.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the Python helpers under {@code benchmarks/perftest/} and returns what it printed. */
final class PythonHelper {
    private PythonHelper() {
    }

    /** Runs {@code perftest/<script>} with {@code arguments}; fails the test unless it exits 0 within a minute. */
    static String run(String script, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", Path.of("perftest", script).toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " finished");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
