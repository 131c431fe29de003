package io.warren.config;

/** Test helper: a configuration parsed from file lines. */
final class Conf {

    static final String FILE = "warren.conf";

    private Conf() {
    }

    static BrokerConfig parse(String... lines) {
        return ConfigLoader.parse(String.join("\n", lines), FILE);
    }
}
