package io.warren.broker.auth;

import io.netty.buffer.Unpooled;
import io.warren.codec.FieldCodec;
import io.warren.codec.LongString;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The SASL mechanisms Warren knows: PLAIN ({@code \0user\0password}), AMQPLAIN (a field table with LOGIN and
 * PASSWORD, without its size prefix; Celery and kombu use it) and EXTERNAL (the TLS client certificate names
 * the user; the response is ignored). Which of them a connection is offered is {@link SaslNegotiation}'s call.
 */
public enum SaslMechanism {
    PLAIN {
        @Override
        public Optional<Credentials> credentials(LongString response) {
            String text = new String(response.bytes(), StandardCharsets.UTF_8);
            String[] parts = text.split("\0", -1);
            if (parts.length != 3) return Optional.empty();
            return Optional.of(new Credentials(parts[1], parts[2]));
        }
    },
    AMQPLAIN {
        @Override
        public Optional<Credentials> credentials(LongString response) {
            byte[] bytes = response.bytes();
            var table = Unpooled.buffer(bytes.length + 4).writeInt(bytes.length).writeBytes(bytes);
            try {
                Map<String, Object> fields = FieldCodec.readTable(table);
                Object login = fields.get("LOGIN");
                Object password = fields.get("PASSWORD");
                if (login == null || password == null) return Optional.empty();
                return Optional.of(new Credentials(login.toString(), password.toString()));
            } catch (RuntimeException malformed) {
                return Optional.empty();
            } finally {
                table.release();
            }
        }
    },
    EXTERNAL {
        @Override
        public Optional<Credentials> credentials(LongString response) {
            return Optional.empty();
        }
    };

    /** The user and password in a start-ok response; empty when the response is malformed, and always for EXTERNAL. */
    public abstract Optional<Credentials> credentials(LongString response);

    public static Optional<SaslMechanism> named(String name) {
        for (SaslMechanism m : values()) if (m.name().equals(name)) return Optional.of(m);
        return Optional.empty();
    }
}
