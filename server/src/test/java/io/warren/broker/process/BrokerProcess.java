package io.warren.broker.process;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Warren broker in its own JVM (the test's classpath, {@code io.warren.broker.Main}), for what an
 * in-process broker cannot show: {@code kill -9} and a small heap. Its output goes to a log file in
 * the data directory's parent.
 */
final class BrokerProcess implements AutoCloseable {
    private final Path dataDir;
    private final List<String> jvmOptions;
    private final List<String> settings;
    private final int port;
    private Process process;

    BrokerProcess(Path dataDir, List<String> jvmOptions, List<String> settings) throws IOException {
        this.dataDir = dataDir;
        this.jvmOptions = jvmOptions;
        this.settings = settings;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    /** Starts the broker and waits until it accepts connections. */
    BrokerProcess start() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.warren.broker.Main");
        command.addAll(List.of("--bind", "127.0.0.1", "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        for (String setting : settings) {
            command.add("--set");
            command.add(setting);
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("the broker exited with " + process.exitValue() + "; see its log");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("the broker did not start listening within 60 s");
    }

    /** The last {@code lines} lines of the broker's log, for a failing test's message. */
    String logTail(int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(logFile());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the process gets no chance to flush or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) kill();
        }
    }
}
