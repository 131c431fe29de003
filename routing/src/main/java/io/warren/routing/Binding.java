package io.warren.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One binding of an exchange: its destination, binding key and arguments. Two bindings are the same
 * binding when all three are equal (arguments compared as maps, so their order does not matter).
 * The arguments are an unmodifiable copy; a null argument map becomes an empty one, and null values
 * (AMQP void) are kept.
 */
public record Binding<D>(D destination, String key, Map<String, Object> arguments) {

    public Binding {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(key, "key");
        arguments = arguments == null || arguments.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
}
