package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path writeConf(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsARealFileNamedByTheConfigFlag() throws IOException {
        Path file = writeConf("warren.conf",
                "# Warren test node",
                "listeners.tcp.default = 127.0.0.1:5673",
                "heartbeat = 15",
                "disk_free_limit.absolute = 2GB",
                "warren.data_dir = " + dir.resolve("data"));
        BrokerConfig config = ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of());
        assertEquals(List.of(new Listener("127.0.0.1", 5673)), config.tcpListeners());
        assertEquals(15, config.limits().heartbeatSeconds());
        assertEquals(new Threshold.Absolute(2_000_000_000L), config.resources().diskFreeLimit());
        assertEquals(dir.resolve("data"), config.dataDir());
    }

    @Test
    void errorsInARealFileNameTheFileAndLine() throws IOException {
        Path file = writeConf("warren.conf", "heartbeat = 15", "frame_max = lots");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config=" + file}, Map.of()));
        assertEquals(file + ":2", e.where());
        assertTrue(e.problem().startsWith("invalid value 'lots' for 'frame_max'"), e.getMessage());
    }

    @Test
    void missingConfigFileIsAnError() {
        Path missing = dir.resolve("missing.conf");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", missing.toString()}, Map.of()));
        assertEquals(missing + ": configuration file not found", e.getMessage());
    }

    @Test
    void fileThatIsNotUtf8IsAnError() throws IOException {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, new byte[] {'d', 'e', 'f', 'a', 'u', 'l', 't', '_', 'u', 's', 'e', 'r', '=', (byte) 0xE9});
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of()));
        assertEquals(file + ": configuration file is not valid UTF-8 text", e.getMessage());
    }

    @Test
    void environmentVariableNamesTheFile() throws IOException {
        Path file = writeConf("rabbitmq.conf", "channel_max = 64");
        BrokerConfig config = ConfigLoader.load(new String[0], Map.of("RABBITMQ_CONFIG_FILE", file.toString()));
        assertEquals(64, config.limits().channelMax());
    }

    @Test
    void confSuffixIsAppendedToAFileNamedByTheEnvironmentAsRabbitMqDoes() throws IOException {
        writeConf("rabbitmq.conf", "channel_max = 64");
        String withoutSuffix = dir.resolve("rabbitmq").toString();
        BrokerConfig config = ConfigLoader.load(new String[0], Map.of("RABBITMQ_CONFIG_FILE", withoutSuffix));
        assertEquals(64, config.limits().channelMax());
    }

    @Test
    void fileNamedByTheEnvironmentIsUsedAsIsWhenOnlyThatExists() throws IOException {
        Path file = writeConf("warren-settings", "channel_max = 65");
        BrokerConfig config = ConfigLoader.load(new String[0], Map.of("WARREN_CONFIG_FILE", file.toString()));
        assertEquals(65, config.limits().channelMax());
    }

    @Test
    void fileNamedByTheEnvironmentThatDoesNotExistIsAnErrorListingWhatWasTried() {
        String name = dir.resolve("nowhere").toString();
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[0], Map.of("WARREN_CONFIG_FILE", name)));
        assertEquals("environment variable WARREN_CONFIG_FILE: configuration file not found: tried "
                + name + ".conf and " + name, e.getMessage());
    }

    @Test
    void configFlagBeatsWarrenVariableWhichBeatsRabbitMqVariable() throws IOException {
        Path flagFile = writeConf("flag.conf", "channel_max = 1");
        Path warrenFile = writeConf("warren.conf", "channel_max = 2");
        Path rabbitFile = writeConf("rabbit.conf", "channel_max = 3");
        Map<String, String> both = Map.of(
                "WARREN_CONFIG_FILE", warrenFile.toString(), "RABBITMQ_CONFIG_FILE", rabbitFile.toString());
        assertEquals(1, ConfigLoader.load(new String[] {"--config", flagFile.toString()}, both).limits().channelMax());
        assertEquals(2, ConfigLoader.load(new String[0], both).limits().channelMax());
        assertEquals(3, ConfigLoader.load(new String[0], Map.of("RABBITMQ_CONFIG_FILE", rabbitFile.toString()))
                .limits().channelMax());
    }

    @Test
    void erlangTermConfigFilesAreRefusedWithAnExplanation() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[0], Map.of("RABBITMQ_CONFIG_FILE", "/etc/rabbitmq/rabbitmq.config")));
        assertEquals("environment variable RABBITMQ_CONFIG_FILE", e.where());
        assertTrue(e.problem().contains("Erlang-term .config file"), e.getMessage());
    }

    @Test
    void precedenceIsFileThenEnvironmentThenFlags() throws IOException {
        Path file = writeConf("warren.conf",
                "listeners.tcp.default = 127.0.0.1:5673",
                "default_user = from-file",
                "default_pass = from-file",
                "default_vhost = from-file",
                "warren.data_dir = /file/data",
                "heartbeat = 10");
        Map<String, String> env = Map.of(
                "RABBITMQ_NODE_PORT", "5674",
                "RABBITMQ_DEFAULT_USER", "from-env",
                "RABBITMQ_DEFAULT_PASS", "from-env",
                "WARREN_DATA_DIR", "/env/data");
        String[] args = {"--config", file.toString(), "--data-dir", "/flag/data", "--set", "heartbeat=20"};

        BrokerConfig config = ConfigLoader.load(args, env);

        assertEquals(List.of(new Listener("127.0.0.1", 5674)), config.tcpListeners(), "env port, file host");
        assertEquals("from-env", config.defaultUser().username());
        assertEquals("from-env", config.defaultUser().password());
        assertEquals("from-file", config.defaultUser().vhost(), "no env or flag for the vhost");
        assertEquals(Path.of("/flag/data"), config.dataDir(), "flag beats env beats file");
        assertEquals(20, config.limits().heartbeatSeconds(), "--set beats file");
    }

    @Test
    void portAndBindFlagsBeatTheEnvironment() {
        Map<String, String> env = Map.of("RABBITMQ_NODE_PORT", "5674", "RABBITMQ_NODE_IP_ADDRESS", "10.0.0.1");
        assertEquals(List.of(new Listener("10.0.0.1", 5674)), ConfigLoader.load(new String[0], env).tcpListeners());
        assertEquals(List.of(new Listener("::1", 5675)),
                ConfigLoader.load(new String[] {"--port", "5675", "--bind=[::1]"}, env).tcpListeners());
    }

    @Test
    void nodePortRecreatesTheDefaultListenerWhenTheFileDisabledTcp() throws IOException {
        Path file = writeConf("warren.conf", "listeners.tcp = none");
        BrokerConfig config = ConfigLoader.load(new String[] {"--config", file.toString()},
                Map.of("RABBITMQ_NODE_PORT", "5680"));
        assertEquals(List.of(Listener.allInterfaces(5680)), config.tcpListeners());
    }

    @Test
    void nodePortChangesOnlyTheDefaultListener() throws IOException {
        Path file = writeConf("warren.conf", "listeners.tcp.default = 5672", "listeners.tcp.local = 127.0.0.1:5690");
        BrokerConfig config = ConfigLoader.load(new String[] {"--config", file.toString()},
                Map.of("RABBITMQ_NODE_PORT", "5680"));
        assertEquals(List.of(Listener.allInterfaces(5680), new Listener("127.0.0.1", 5690)), config.tcpListeners());
    }

    @Test
    void blankEnvironmentVariablesAreIgnored() {
        assertEquals(BrokerConfig.defaults(),
                ConfigLoader.load(new String[0], Map.of("RABBITMQ_NODE_PORT", " ", "RABBITMQ_CONFIG_FILE", "")));
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[0], Map.of("RABBITMQ_NODE_PORT", "amqp")));
        assertEquals("environment variable RABBITMQ_NODE_PORT: invalid value 'amqp' for 'RABBITMQ_NODE_PORT':"
                + " expected a TCP port number from 0 to 65535", e.getMessage());
    }

    @Test
    void environmentSetsUserVhostAndDataDir() {
        BrokerConfig config = ConfigLoader.load(new String[0], Map.of(
                "RABBITMQ_DEFAULT_USER", "alice",
                "RABBITMQ_DEFAULT_PASS", "wonderland",
                "RABBITMQ_DEFAULT_VHOST", "tea-party",
                "WARREN_DATA_DIR", "/srv/warren"));
        assertEquals("alice", config.defaultUser().username());
        assertEquals("wonderland", config.defaultUser().password());
        assertEquals("tea-party", config.defaultUser().vhost());
        assertEquals(Path.of("/srv/warren"), config.dataDir());
    }

    @Test
    void everyValueFlagInBothSpellings() {
        String[] spaced = {"--data-dir", "/d", "--port", "5700", "--bind", "127.0.0.1",
            "--management-port", "15700", "--prometheus-port", "15701", "--set", "cluster_name=c1"};
        String[] joined = {"--data-dir=/d", "--port=5700", "--bind=127.0.0.1",
            "--management-port=15700", "--prometheus-port=15701", "--set=cluster_name=c1"};
        for (String[] args : List.of(spaced, joined)) {
            BrokerConfig config = ConfigLoader.load(args, Map.of());
            assertEquals(Path.of("/d"), config.dataDir());
            assertEquals(List.of(new Listener("127.0.0.1", 5700)), config.tcpListeners());
            assertEquals(Listener.allInterfaces(15700), config.management().tcp());
            assertEquals(Listener.allInterfaces(15701), config.prometheus());
            assertEquals("c1", config.clusterName().orElseThrow());
        }
    }

    @Test
    void setIsRepeatableAndLaterFlagsWin() {
        BrokerConfig config = ConfigLoader.load(new String[] {
            "--set", "heartbeat=5", "--set", "consumer_timeout = 60000", "--set", "heartbeat=6"}, Map.of());
        assertEquals(6, config.limits().heartbeatSeconds());
        assertEquals(Duration.ofMinutes(1), config.limits().consumerTimeout().orElseThrow());
    }

    @Test
    void setValueMayContainEqualsSigns() {
        assertEquals("p=q", ConfigLoader.load(new String[] {"--set", "default_pass=p=q"}, Map.of())
                .defaultUser().password());
    }

    @Test
    void setWithABadValueNamesTheFlag() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--set", "heartbeat=abc"}, Map.of()));
        assertEquals("command-line flag --set: invalid value 'abc' for 'heartbeat':"
                + " expected a whole number of seconds from 0 to 65535", e.getMessage());
    }

    @Test
    void setWithAnUnknownKeySuggestsTheNearestKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--set", "hearbeat=30"}, Map.of()));
        assertEquals("command-line flag --set: unknown configuration key 'hearbeat' (did you mean 'heartbeat'?)."
                + " Known keys are listed in README.md#configuration", e.getMessage());
    }

    @Test
    void setWithoutEqualsSignIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--set", "heartbeat"}, Map.of()));
        assertEquals("command-line flag --set: expected --set KEY=VALUE but found 'heartbeat'", e.getMessage());
    }

    @Test
    void badFlagValueNamesTheFlag() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--port", "99999"}, Map.of()));
        assertEquals("command-line flag --port: invalid value '99999' for '--port':"
                + " expected a TCP port number from 0 to 65535", e.getMessage());
    }

    @Test
    void unknownFlagIsNamedWithASuggestionAndTheListOfFlags() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--prot", "5672"}, Map.of()));
        assertEquals("command line: unknown flag '--prot' (did you mean '--port'?). Known flags: --config FILE,"
                + " --data-dir DIR, --port N, --bind HOST, --management-port N, --prometheus-port N,"
                + " --set KEY=VALUE, --help", e.getMessage());
    }

    @Test
    void unknownFlagIsRejectedBeforeAnyFileIsRead() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                new String[] {"--config", dir.resolve("missing.conf").toString(), "--verbose"}, Map.of()));
        assertTrue(e.problem().startsWith("unknown flag '--verbose'"), e.getMessage());
    }

    @Test
    void argumentThatIsNotAFlagIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"5672"}, Map.of()));
        assertTrue(e.getMessage().startsWith("command line: unexpected argument '5672'; flags start with '--'."),
                e.getMessage());
    }

    @Test
    void flagWithoutItsValueIsAnError() {
        ConfigException atEnd = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--port"}, Map.of()));
        assertEquals("command line: flag --port needs a value: --port N", atEnd.getMessage());
        ConfigException beforeFlag = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", "--port", "5"}, Map.of()));
        assertEquals("command line: flag --config needs a value: --config FILE", beforeFlag.getMessage());
    }

    @Test
    void helpTakesNoValue() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--help=yes"}, Map.of()));
        assertEquals("command line: flag --help takes no value", e.getMessage());
    }

    @Test
    void helpIsDetectedAndLoadingStillWorks() {
        assertTrue(ConfigLoader.helpRequested(new String[] {"--port", "5673", "--help"}));
        assertFalse(ConfigLoader.helpRequested(new String[] {"--port", "5673"}));
        assertEquals(BrokerConfig.defaults(), ConfigLoader.load(new String[] {"--help"}, Map.of()));
    }

    @Test
    void usageDescribesEveryFlagAndEnvironmentVariable() {
        String usage = ConfigLoader.usage();
        for (String flag : CommandLineFlags.names()) {
            assertTrue(usage.contains(flag), flag);
        }
        for (String variable : List.of("WARREN_CONFIG_FILE", "RABBITMQ_CONFIG_FILE", "RABBITMQ_NODE_PORT",
                "RABBITMQ_NODE_IP_ADDRESS", "RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS",
                "RABBITMQ_DEFAULT_VHOST", "WARREN_DATA_DIR")) {
            assertTrue(usage.contains(variable), variable);
        }
        assertTrue(usage.contains("README.md#configuration"));
    }

    @Test
    void laterLineForTheSameKeyWins() {
        assertEquals(25, Conf.parse("heartbeat = 5", "heartbeat = 25").limits().heartbeatSeconds());
    }
}
