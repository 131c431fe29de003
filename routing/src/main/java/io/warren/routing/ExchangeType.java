package io.warren.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The bindings of one exchange and the rule that routes a message through them: the contract every
 * exchange type implements (RabbitMQ's {@code rabbit_exchange_type} behaviour). Instances are made by
 * {@link ExchangeTypes#create(String)} from the type name a client declares.
 *
 * <p>Thread safety, promised by every implementation: {@link #route} may be called by any number of
 * threads at once, takes no lock in the common case, and sees the bindings as they were at one
 * instant: each {@link #bind} or {@link #unbind} entirely or not at all, and never a later change
 * without an earlier one. {@link #unbindAll} is a sequence of such unbinds. Changes are serialized
 * internally and are meant to be rare compared with routes.
 *
 * @param <D> the destination type (the server's queues and exchanges); compared with {@code equals}
 */
public interface ExchangeType<D> {

    /** The type name as clients declare it, e.g. {@code "topic"}. */
    String typeName();

    /**
     * Why the server must refuse this binding, as the detail of a {@code 406 PRECONDITION_FAILED}
     * reply (the server prefixes {@code "PRECONDITION_FAILED - "}), or empty when it is acceptable.
     * Call it before {@link #bind}; {@code bind} itself accepts anything.
     */
    default Optional<String> validateBinding(String bindingKey, Map<String, Object> arguments) {
        return Optional.empty();
    }

    /**
     * Adds the binding; false when the identical binding (destination, key, arguments) already
     * exists. {@code arguments} may be null (no arguments) and may hold null values (AMQP void).
     */
    boolean bind(D destination, String bindingKey, Map<String, Object> arguments);

    /** Removes the identical binding; false when there was none. */
    boolean unbind(D destination, String bindingKey, Map<String, Object> arguments);

    /** Removes every binding to the destination (e.g. the queue was deleted); returns how many. */
    int unbindAll(D destination);

    /**
     * Calls {@code sink} once for each destination the message goes to, never twice for one
     * destination however many of its bindings match. {@code headers} may be null or empty.
     */
    void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink);

    /** A snapshot of the bindings, in the order they were made. */
    List<Binding<D>> bindings();

    /** How many bindings there are; never blocks. */
    int bindingCount();

    /** Whether at least one binding leads to the destination. */
    boolean hasBindingsTo(D destination);
}
