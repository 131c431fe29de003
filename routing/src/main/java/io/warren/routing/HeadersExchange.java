package io.warren.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@code headers} exchange type: the routing key is ignored, and a message goes to the
 * destinations of the bindings whose arguments match its headers (see {@link HeadersMatch} for
 * RabbitMQ's rules: {@code x-match} of {@code all}, {@code any}, {@code all-with-x},
 * {@code any-with-x}; void arguments test presence; numbers compare by value).
 *
 * <p>The {@code x-match} argument must be an AMQP long string. The exchange reads it through a
 * function from a field value to its text (null when the value is not a long string): by default
 * {@link CharSequence}s are long strings; a server whose codec decodes long strings to its own type
 * passes a function for that type, and registers the type with {@link ExchangeTypes#register}.
 *
 * <p>Concurrency: every binding is compiled once; a route walks an immutable array of compiled
 * bindings, published through a volatile field and rebuilt under the exchange's monitor on each
 * change (headers exchanges have few bindings; matching is linear in them, as in RabbitMQ). The array
 * keeps the bindings of one destination together, and each entry knows where the next destination
 * starts, so a destination that matched is skipped at once: no duplicates and no allocation.
 */
public final class HeadersExchange<D> extends AbstractExchange<D> {

    public static final String TYPE = "headers";

    private record Rule(Object destination, HeadersMatch match, int nextDestination) {}

    private final Function<Object, String> longStringText;
    private final Map<D, Map<Binding<D>, HeadersMatch>> byDestination = new LinkedHashMap<>();
    private volatile Rule[] rules = {};

    /** Treats {@link CharSequence} values as AMQP long strings. */
    public HeadersExchange() {
        this(HeadersMatch.CHAR_SEQUENCE_TEXT);
    }

    /** @param longStringText the text of a field value that is an AMQP long string, else null */
    public HeadersExchange(Function<Object, String> longStringText) {
        this.longStringText = Objects.requireNonNull(longStringText, "longStringText");
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    /**
     * Refuses an {@code x-match} that is not one of the four modes, with RabbitMQ's text, e.g.
     * {@code Invalid x-match field value <<"foo">>; expected all, any, all-with-x, or any-with-x}.
     */
    @Override
    public Optional<String> validateBinding(String bindingKey, Map<String, Object> arguments) {
        return HeadersMatch.validate(arguments, longStringText);
    }

    @Override
    protected void added(Binding<D> binding) {
        byDestination.computeIfAbsent(binding.destination(), d -> new LinkedHashMap<>())
                .put(binding, HeadersMatch.compile(binding.arguments(), longStringText));
        publish();
    }

    @Override
    protected void removed(Binding<D> binding) {
        Map<Binding<D>, HeadersMatch> ofDestination = byDestination.get(binding.destination());
        ofDestination.remove(binding);
        if (ofDestination.isEmpty()) {
            byDestination.remove(binding.destination());
        }
        publish();
    }

    private void publish() {
        List<Rule> next = new ArrayList<>();
        byDestination.forEach((destination, matches) -> {
            int end = next.size() + matches.size();
            matches.values().forEach(match -> next.add(new Rule(destination, match, end)));
        });
        rules = next.toArray(Rule[]::new);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink) {
        Map<String, Object> present = headers == null ? Map.of() : headers;
        Rule[] current = rules;
        int i = 0;
        while (i < current.length) {
            Rule rule = current[i];
            if (rule.match.matches(present)) {
                sink.accept((D) rule.destination);
                i = rule.nextDestination;
            } else {
                i++;
            }
        }
    }
}
