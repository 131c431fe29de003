package io.warren.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectAndFanoutExchangeTest {

    @Test
    void directRoutesOnTheExactKey() {
        DirectExchange<String> exchange = new DirectExchange<>();
        exchange.bind("q1", "orders", null);
        exchange.bind("q2", "orders", null);
        exchange.bind("q3", "Orders", null);
        exchange.bind("q4", "", null);
        exchange.bind("q5", "orders.#", null);
        assertEquals(List.of("q1", "q2"), Routes.of(exchange, "orders"));
        assertEquals(List.of("q3"), Routes.of(exchange, "Orders"));
        assertEquals(List.of("q4"), Routes.of(exchange, ""));
        assertEquals(List.of(), Routes.of(exchange, "orders.eu"), "no wildcards in direct");
        assertEquals(List.of("q5"), Routes.of(exchange, "orders.#"));
        assertEquals(List.of(), Routes.of(exchange, "order"));
    }

    @Test
    void directIgnoresHeadersAndArgumentsWhenMatching() {
        DirectExchange<String> exchange = new DirectExchange<>();
        exchange.bind("q", "k", Map.of("x-match", "any", "a", 1));
        assertEquals(List.of("q"), Routes.of(exchange, "k", Map.of("b", 2)));
    }

    @Test
    void directForgetsAKeyWhenItsLastBindingGoes() {
        DirectExchange<String> exchange = new DirectExchange<>();
        exchange.bind("q1", "k", null);
        exchange.bind("q2", "k", null);
        exchange.unbind("q1", "k", null);
        assertEquals(List.of("q2"), Routes.of(exchange, "k"));
        exchange.unbindAll("q2");
        assertEquals(List.of(), Routes.of(exchange, "k"));
        exchange.bind("q1", "k", null);
        assertEquals(List.of("q1"), Routes.of(exchange, "k"));
    }

    @Test
    void fanoutRoutesToEveryDestinationWhateverTheKey() {
        FanoutExchange<String> exchange = new FanoutExchange<>();
        assertEquals(List.of(), Routes.of(exchange, "k"));
        exchange.bind("q1", "a", null);
        exchange.bind("q2", "b", Map.of("x", 1));
        exchange.bind("q1", "c", null);
        assertEquals(List.of("q1", "q2"), Routes.of(exchange, "anything"));
        assertEquals(List.of("q1", "q2"), Routes.of(exchange, "", Map.of("h", 1)));
        exchange.unbind("q1", "a", null);
        assertEquals(List.of("q1", "q2"), Routes.of(exchange, "k"), "q1 still has its binding with key c");
        exchange.unbind("q1", "c", null);
        assertEquals(List.of("q2"), Routes.of(exchange, "k"));
    }
}
