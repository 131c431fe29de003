package io.warren.config;

import static io.warren.config.Setting.named;
import static io.warren.config.Setting.pattern;
import static io.warren.config.ValueParsers.bool;
import static io.warren.config.ValueParsers.integer;
import static io.warren.config.ValueParsers.nonEmptyText;
import static io.warren.config.ValueParsers.oneOf;
import static io.warren.config.ValueParsers.path;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Keys for TLS certificates and options. The same keys exist under {@code ssl_options.} (AMQPS) and
 * {@code management.ssl.} (HTTPS management API).
 */
final class TlsKeys {

    private TlsKeys() {
    }

    /** The TLS keys under {@code prefix} (e.g. {@code ssl_options.}), changing the draft {@code target} picks. */
    static List<Setting<?>> settings(String prefix, Function<ConfigBuilder, TlsBuilder> target) {
        return List.of(
                named(prefix + "cacertfile", path(), (b, file) -> target.apply(b).caCertFile = Optional.of(file)),
                named(prefix + "certfile", path(), (b, file) -> target.apply(b).certFile = Optional.of(file)),
                named(prefix + "keyfile", path(), (b, file) -> target.apply(b).keyFile = Optional.of(file)),
                named(prefix + "password", nonEmptyText(),
                        (b, password) -> target.apply(b).keyPassword = Optional.of(password)),
                named(prefix + "verify", oneOf(PeerVerification::confName, PeerVerification.values()),
                        (b, verify) -> target.apply(b).verify = verify),
                named(prefix + "fail_if_no_peer_cert", bool(),
                        (b, fail) -> target.apply(b).failIfNoPeerCert = fail),
                pattern(prefix + "versions.", "N", oneOf(TlsVersion::confName, TlsVersion.values()),
                        (b, n, version) -> target.apply(b).versions.put(n, version)),
                named(prefix + "depth", integer(0, 255, "intermediate certificates"),
                        (b, depth) -> target.apply(b).depth = OptionalInt.of(depth)));
    }
}
