package io.warren.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ExchangeTypesTest {

    @Test
    void knowsRabbitMqsBuiltInTypes() {
        assertInstanceOf(DirectExchange.class, ExchangeTypes.create("direct").orElseThrow());
        assertInstanceOf(FanoutExchange.class, ExchangeTypes.create("fanout").orElseThrow());
        assertInstanceOf(TopicExchange.class, ExchangeTypes.create("topic").orElseThrow());
        assertInstanceOf(HeadersExchange.class, ExchangeTypes.create("headers").orElseThrow());
        for (String name : List.of("direct", "fanout", "topic", "headers")) {
            assertTrue(ExchangeTypes.isKnown(name));
            assertEquals(name, ExchangeTypes.create(name).orElseThrow().typeName());
        }
        assertTrue(ExchangeTypes.names().containsAll(List.of("direct", "fanout", "headers", "topic")));
    }

    @Test
    void eachCreateMakesANewEmptyExchange() {
        ExchangeType<String> first = ExchangeTypes.<String>create("direct").orElseThrow();
        first.bind("q", "k", null);
        ExchangeType<String> second = ExchangeTypes.<String>create("direct").orElseThrow();
        assertNotSame(first, second);
        assertEquals(0, second.bindingCount());
    }

    @Test
    void unknownTypesAreEmptyWithRabbitMqsText() {
        assertEquals(Optional.empty(), ExchangeTypes.create("Direct"));
        assertEquals(Optional.empty(), ExchangeTypes.create("x-no-such-type"));
        assertEquals(Optional.empty(), ExchangeTypes.create(null));
        assertFalse(ExchangeTypes.isKnown("x-no-such-type"));
        assertFalse(ExchangeTypes.isKnown(null));
        assertEquals("unknown exchange type 'x-no-such-type'", ExchangeTypes.unknownTypeMessage("x-no-such-type"));
    }

    /** How a server would add a type that wraps another, as x-delayed-message wraps its x-delayed-type. */
    static final class Wrapping<D> implements ExchangeType<D> {
        final ExchangeType<D> inner = ExchangeTypes.<D>create("topic").orElseThrow();

        @Override public String typeName() { return "x-test-wrapping"; }
        @Override public boolean bind(D d, String key, Map<String, Object> args) { return inner.bind(d, key, args); }
        @Override public boolean unbind(D d, String key, Map<String, Object> args) { return inner.unbind(d, key, args); }
        @Override public int unbindAll(D d) { return inner.unbindAll(d); }
        @Override public void route(String key, Map<String, Object> h, Consumer<? super D> sink) { inner.route(key, h, sink); }
        @Override public List<Binding<D>> bindings() { return inner.bindings(); }
        @Override public int bindingCount() { return inner.bindingCount(); }
        @Override public boolean hasBindingsTo(D d) { return inner.hasBindingsTo(d); }
    }

    @Test
    void theServerCanRegisterMoreTypes() {
        assertFalse(ExchangeTypes.isKnown("x-test-wrapping"));
        ExchangeTypes.register("x-test-wrapping", Wrapping::new);
        assertTrue(ExchangeTypes.isKnown("x-test-wrapping"));
        ExchangeType<String> exchange = ExchangeTypes.<String>create("x-test-wrapping").orElseThrow();
        exchange.bind("q", "a.*", null);
        assertEquals(List.of("q"), Routes.of(exchange, "a.b"));
        assertEquals(Optional.empty(), exchange.validateBinding("a.*", null));
    }
}
