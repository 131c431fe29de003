package io.warren.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The topic trie (with its route cache) against a reference matcher that turns each binding key into
 * a regular expression, over a tiny alphabet so that collisions, empty words and wildcards abound.
 *
 * <p>Reference: a routing key with words w1..wn is written "w1.w2.…wn." (every word followed by a
 * dot; the empty key has no words, as in RabbitMQ), and a binding key becomes a regex where a literal
 * word w is "w\.", {@code *} is "[^.]*\." and {@code #} is "([^.]*\.)*".
 */
class TopicMatchingProperties {

    enum Kind { BIND, UNBIND, UNBIND_ALL }

    /** pick chooses which existing binding an UNBIND removes; withArgs makes aliased bindings. */
    record Op(Kind kind, int destination, String key, boolean withArgs, int pick) {}

    static Pattern regex(String bindingKey) {
        StringBuilder re = new StringBuilder();
        if (!bindingKey.isEmpty()) {
            for (String word : bindingKey.split("\\.", -1)) {
                re.append(switch (word) {
                    case "*" -> "[^.]*\\.";
                    case "#" -> "(?:[^.]*\\.)*";
                    default -> Pattern.quote(word + ".");
                });
            }
        }
        return Pattern.compile(re.toString());
    }

    static boolean referenceMatches(String bindingKey, String routingKey) {
        return regex(bindingKey).matcher(routingKey.isEmpty() ? "" : routingKey + ".").matches();
    }

    @Provide
    Arbitrary<String> bindingKeys() {
        return Arbitraries.of("", "a", "b", "*", "#").list().ofMaxSize(4).map(words -> String.join(".", words));
    }

    @Provide
    Arbitrary<String> routingKeys() {
        return Arbitraries.of("", "a", "b", "c").list().ofMaxSize(5).map(words -> String.join(".", words));
    }

    @Provide
    Arbitrary<List<String>> routingKeyLists() {
        return routingKeys().list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just(Kind.BIND)),
                        Tuple.of(3, Arbitraries.just(Kind.UNBIND)),
                        Tuple.of(1, Arbitraries.just(Kind.UNBIND_ALL))),
                Arbitraries.integers().between(0, 5),
                bindingKeys(),
                Arbitraries.integers().between(0, 4).map(n -> n == 0),
                Arbitraries.integers().between(0, 1000)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 2000)
    void oneBindingMatchesExactlyWhenTheRegexDoes(@ForAll("bindingKeys") String bindingKey,
                                                  @ForAll("routingKeys") String routingKey) {
        TopicExchange<String> exchange = new TopicExchange<>();
        exchange.bind("q", bindingKey, null);
        List<String> expected = referenceMatches(bindingKey, routingKey) ? List.of("q") : List.of();
        assertEquals(expected, Routes.of(exchange, routingKey),
                () -> "binding " + show(bindingKey) + ", routing key " + show(routingKey));
    }

    @Property(tries = 500)
    void manyBindingsAgreeWithTheRegexAfterEveryChange(@ForAll("operations") List<Op> operations,
                                                       @ForAll("routingKeyLists") List<String> routingKeys,
                                                       @ForAll @IntRange(min = 0, max = 6) int cacheSize) {
        TopicExchange<Integer> exchange = new TopicExchange<>(cacheSize);
        Set<Binding<Integer>> model = new LinkedHashSet<>();
        for (Op op : operations) {
            apply(op, exchange, model);
            assertEquals(model.size(), exchange.bindingCount());
            for (String routingKey : routingKeys) {
                Set<Integer> expected = new TreeSet<>();
                for (Binding<Integer> binding : model) {
                    if (referenceMatches(binding.key(), routingKey)) {
                        expected.add(binding.destination());
                    }
                }
                for (int pass = 0; pass < 2; pass++) { // the second pass may be served by the cache
                    List<Integer> routed = Routes.of(exchange, routingKey);
                    assertEquals(routed.size(), new HashSet<>(routed).size(), "duplicates in " + routed);
                    assertEquals(expected, new TreeSet<>(routed),
                            "routing key " + show(routingKey) + " after " + op + " with " + model);
                }
            }
        }
    }

    private static void apply(Op op, TopicExchange<Integer> exchange, Set<Binding<Integer>> model) {
        Map<String, Object> arguments = op.withArgs() ? Map.of("alias", 1) : Map.of();
        switch (op.kind()) {
            case BIND -> assertEquals(model.add(new Binding<>(op.destination(), op.key(), arguments)),
                    exchange.bind(op.destination(), op.key(), arguments));
            case UNBIND -> {
                Binding<Integer> victim = model.isEmpty()
                        ? new Binding<>(op.destination(), op.key(), arguments)
                        : new ArrayList<>(model).get(op.pick() % model.size());
                assertEquals(model.remove(victim),
                        exchange.unbind(victim.destination(), victim.key(), victim.arguments()));
            }
            case UNBIND_ALL -> {
                int expected = (int) model.stream().filter(b -> b.destination() == op.destination()).count();
                model.removeIf(b -> b.destination() == op.destination());
                assertEquals(expected, exchange.unbindAll(op.destination()));
            }
        }
    }

    private static String show(String key) {
        return '"' + key + '"';
    }
}
