package io.warren.broker.vhost;

import io.warren.broker.queue.ClassicQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Resolves a publish to the set of queues it reaches: through the exchange's bindings, on through
 * exchange-to-exchange bindings, to alternate exchanges where an exchange routes nowhere, for
 * every routing key (the publish key plus CC and BCC). Each queue appears once however many paths
 * lead to it, and cycles between exchanges end.
 *
 * <p>One router per channel, used only on the channel's thread: it reuses its buffers, so routing
 * a message to queues of one exchange allocates nothing. The returned list is valid until the
 * next call.
 */
public final class Router implements Consumer<Object> {
    private static final int LINEAR_DEDUP_LIMIT = 16;

    private final List<ClassicQueue> queues = new ArrayList<>();
    private final ArrayDeque<Exchange> pending = new ArrayDeque<>();
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private int destinationsOfCurrentExchange;

    public List<ClassicQueue> route(VirtualHost vhost, Exchange exchange, List<String> routingKeys, Map<String, Object> headers) {
        queues.clear();
        pending.clear();
        seen.clear();
        if (exchange.isDefault()) {
            for (String key : routingKeys) {
                ClassicQueue queue = vhost.queueOrNull(key);
                if (queue != null) addQueue(queue);
            }
            return queues;
        }
        Exchange current = exchange;
        seen.add(exchange);
        while (current != null) {
            destinationsOfCurrentExchange = 0;
            for (String key : routingKeys) current.bindings().route(key, headers, this);
            if (destinationsOfCurrentExchange == 0) {
                String ae = current.alternateExchange();
                Exchange alternate = ae == null ? null : vhost.exchangeOrNull(ae);
                if (alternate != null && seen.add(alternate)) pending.add(alternate);
            }
            current = pending.pollFirst();
        }
        return queues;
    }

    /** The binding sink: a queue or an exchange to follow. */
    @Override
    public void accept(Object destination) {
        destinationsOfCurrentExchange++;
        if (destination instanceof ClassicQueue queue) {
            addQueue(queue);
        } else if (destination instanceof Exchange next && seen.add(next)) {
            pending.add(next);
        }
    }

    private void addQueue(ClassicQueue queue) {
        if (queues.size() < LINEAR_DEDUP_LIMIT) {
            for (ClassicQueue q : queues) if (q == queue) return;
            queues.add(queue);
            if (queues.size() == LINEAR_DEDUP_LIMIT) seen.addAll(queues);
        } else if (seen.add(queue)) {
            queues.add(queue);
        }
    }
}
