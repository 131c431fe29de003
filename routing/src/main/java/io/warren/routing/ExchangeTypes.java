package io.warren.routing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The exchange types known by name, as in RabbitMQ's registry: {@code direct}, {@code fanout},
 * {@code topic} and {@code headers} from the start, and whatever the server registers (a type that
 * wraps another, such as {@code x-delayed-message}, registers a factory that builds its inner type
 * with {@link #create}). Names are case-sensitive. Safe to use from any thread.
 *
 * <p>An unknown name gives {@link Optional#empty()}; RabbitMQ 3.10 answers it with the connection
 * error {@code 503 COMMAND_INVALID} and the detail {@link #unknownTypeMessage}. (RabbitMQ says
 * "invalid exchange type" instead when the name happens to be an existing Erlang atom that is no
 * exchange type; Warren has no atom table and always says "unknown".)
 */
public final class ExchangeTypes {

    private static final Map<String, Supplier<? extends ExchangeType<?>>> TYPES = new ConcurrentHashMap<>();

    static {
        register(DirectExchange.TYPE, DirectExchange::new);
        register(FanoutExchange.TYPE, FanoutExchange::new);
        register(TopicExchange.TYPE, TopicExchange::new);
        register(HeadersExchange.TYPE, HeadersExchange::new);
    }

    private ExchangeTypes() {}

    /**
     * Registers a type, or replaces the factory of a registered one (e.g. {@code headers} built with
     * the server's long-string reader). The factory makes a new, empty exchange on every call, whose
     * {@link ExchangeType#typeName()} is {@code name}; exchange types do not depend on the destination
     * type, so one factory serves every destination type.
     */
    public static void register(String name, Supplier<? extends ExchangeType<?>> factory) {
        TYPES.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(factory, "factory"));
    }

    /** Whether {@code name} is a registered type. */
    public static boolean isKnown(String name) {
        return name != null && TYPES.containsKey(name);
    }

    /** The registered type names, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(TYPES.keySet());
    }

    /** A new, empty exchange of the named type, or empty when the type is unknown. */
    @SuppressWarnings("unchecked")
    public static <D> Optional<ExchangeType<D>> create(String name) {
        Supplier<? extends ExchangeType<?>> factory = name == null ? null : TYPES.get(name);
        return factory == null ? Optional.empty() : Optional.of((ExchangeType<D>) factory.get());
    }

    /** The detail of the {@code 503 COMMAND_INVALID} error for an unknown type name. */
    public static String unknownTypeMessage(String name) {
        return "unknown exchange type '" + name + "'";
    }
}
