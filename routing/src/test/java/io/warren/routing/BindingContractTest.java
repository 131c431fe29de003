package io.warren.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The binding bookkeeping every exchange type promises. */
class BindingContractTest {

    private static ExchangeType<String> create(String type) {
        return ExchangeTypes.<String>create(type).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    void identicalBindingsAreRefusedAndArgumentsTakePartInIdentity(String type) {
        ExchangeType<String> exchange = create(type);
        assertTrue(exchange.bind("q", "k", null));
        assertFalse(exchange.bind("q", "k", Map.of()), "null and empty arguments are the same");
        assertTrue(exchange.bind("q", "k", Map.of("a", 1)));
        assertFalse(exchange.bind("q", "k", new HashMap<>(Map.of("a", 1))));
        assertTrue(exchange.bind("q", "k", Map.of("a", 1L)), "an int and a long argument differ, as in RabbitMQ");
        assertTrue(exchange.bind("q", "k2", null));
        assertTrue(exchange.bind("q2", "k", null));
        assertEquals(5, exchange.bindingCount());
        assertEquals(List.of(new Binding<>("q", "k", null), new Binding<>("q", "k", Map.of("a", 1)),
                        new Binding<>("q", "k", Map.of("a", 1L)), new Binding<>("q", "k2", Map.of()),
                        new Binding<>("q2", "k", Map.of())),
                exchange.bindings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    void unbindRemovesOnlyTheIdenticalBinding(String type) {
        ExchangeType<String> exchange = create(type);
        exchange.bind("q", "k", Map.of("a", 1));
        assertFalse(exchange.unbind("q", "k", null));
        assertFalse(exchange.unbind("q", "other", Map.of("a", 1)));
        assertFalse(exchange.unbind("q2", "k", Map.of("a", 1)));
        assertTrue(exchange.unbind("q", "k", Map.of("a", 1)));
        assertFalse(exchange.unbind("q", "k", Map.of("a", 1)));
        assertEquals(0, exchange.bindingCount());
        assertEquals(List.of(), exchange.bindings());
        assertFalse(exchange.hasBindingsTo("q"));
        assertEquals(List.of(), Routes.of(exchange, "k", Map.of("a", 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    void unbindAllRemovesEveryBindingOfOneDestination(String type) {
        ExchangeType<String> exchange = create(type);
        exchange.bind("gone", "k", null);
        exchange.bind("gone", "k", Map.of("v", 1));
        exchange.bind("gone", "k2", null);
        exchange.bind("stays", "k", null);
        assertTrue(exchange.hasBindingsTo("gone"));
        assertEquals(3, exchange.unbindAll("gone"));
        assertEquals(0, exchange.unbindAll("gone"));
        assertEquals(0, exchange.unbindAll("never bound"));
        assertFalse(exchange.hasBindingsTo("gone"));
        assertTrue(exchange.hasBindingsTo("stays"));
        assertEquals(List.of(new Binding<>("stays", "k", null)), exchange.bindings());
        assertEquals(List.of("stays"), Routes.of(exchange, "k"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    void aDestinationIsDeliveredToOnceHoweverManyBindingsMatch(String type) {
        ExchangeType<String> exchange = create(type);
        exchange.bind("q", "k", null);
        exchange.bind("q", "k", Map.of("other", "args"));
        exchange.bind("q2", "k", null);
        assertEquals(List.of("q", "q2"), Routes.of(exchange, "k", Map.of("other", "args")));
        exchange.unbind("q", "k", null);
        assertEquals(List.of("q", "q2"), Routes.of(exchange, "k", Map.of("other", "args")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    void bindingsAreSnapshotsAndRejectNulls(String type) {
        ExchangeType<String> exchange = create(type);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("void", null);
        exchange.bind("q", "k", arguments);
        arguments.put("later", 1);
        List<Binding<String>> snapshot = exchange.bindings();
        exchange.bind("q2", "k", null);
        assertEquals(1, snapshot.size());
        assertTrue(snapshot.get(0).arguments().containsKey("void"));
        assertFalse(snapshot.get(0).arguments().containsKey("later"));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.get(0).arguments().put("x", 1));
        assertThrows(NullPointerException.class, () -> exchange.bind(null, "k", null));
        assertThrows(NullPointerException.class, () -> exchange.bind("q", null, null));
        assertEquals(type, exchange.typeName());
    }
}
