package io.warren.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

/**
 * The {@code topic} exchange type: binding keys are words separated by {@code .}, where {@code *}
 * stands for exactly one word and {@code #} for zero or more; a message goes to the destinations
 * whose binding keys match its routing key. Words follow RabbitMQ 3.10 exactly: empty words count
 * ({@code "a..b"} has three words), but the empty key has none, so {@code ""} is matched by the
 * binding keys {@code ""}, {@code "#"}, {@code "#.#"}… and not by {@code "*"}.
 *
 * <p>Design. Binding keys are compiled into a {@link TopicTrie}, which changes in place under the
 * write lock of a {@link StampedLock}, one binding at a time. A route walks the trie under an
 * <em>optimistic</em> read: no lock is taken and nothing is written; if a change happened during the
 * walk (the stamp does not validate), the walk is repeated under the read lock, which waits only for
 * that one trie change. So every route sees the bindings as they were at one instant: never half a
 * change, nor one change at one leaf and not an earlier one at another.
 *
 * <p>Cache. In front of the trie sits a bounded Caffeine cache from routing key to the distinct
 * destinations it reaches, so repeated routing keys skip the walk and allocate nothing. Each result is
 * cached with the stamp it was computed under, and used only while that stamp validates, i.e. until
 * the next change; a change also empties the cache, to free memory. A result computed before a change
 * but put into the cache after it is therefore never used.
 */
public final class TopicExchange<D> extends AbstractExchange<D> {

    public static final String TYPE = "topic";

    /** Routing keys whose results are cached when no other size is given. */
    public static final int DEFAULT_CACHE_SIZE = 4096;

    private record Route(long stamp, Object[] destinations) {}

    private final TopicTrie<D> trie = new TopicTrie<>();
    private final StampedLock trieLock = new StampedLock();
    private final Cache<String, Route> cache;

    public TopicExchange() {
        this(DEFAULT_CACHE_SIZE);
    }

    /** @param cacheSize how many routing keys to cache results for; 0 disables the cache */
    public TopicExchange(int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative: " + cacheSize);
        }
        cache = cacheSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    protected void added(Binding<D> binding) {
        long stamp = trieLock.writeLock();
        try {
            trie.add(binding.key(), binding.destination());
        } finally {
            trieLock.unlockWrite(stamp);
        }
        invalidateCache();
    }

    @Override
    protected void removed(Binding<D> binding) {
        long stamp = trieLock.writeLock();
        try {
            trie.remove(binding.key(), binding.destination());
        } finally {
            trieLock.unlockWrite(stamp);
        }
        invalidateCache();
    }

    /** Only frees memory: results cached before the change no longer validate anyway. */
    private void invalidateCache() {
        if (cache != null && cache.estimatedSize() > 0) {
            cache.invalidateAll();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink) {
        if (bindingCount() == 0) {
            return;
        }
        Route route = cache == null ? null : cache.getIfPresent(routingKey);
        if (route == null || !trieLock.validate(route.stamp)) {
            route = match(routingKey);
            if (cache != null) {
                cache.put(routingKey, route);
            }
        }
        for (Object destination : route.destinations) {
            sink.accept((D) destination);
        }
    }

    private Route match(String routingKey) {
        long stamp = trieLock.tryOptimisticRead();
        if (stamp != 0) {
            Object[] destinations = trie.match(routingKey);
            if (trieLock.validate(stamp)) {
                return new Route(stamp, destinations);
            }
        }
        stamp = trieLock.readLock();
        Object[] destinations;
        try {
            destinations = trie.match(routingKey);
        } finally {
            stamp = trieLock.tryConvertToOptimisticRead(stamp); // releases the read lock
        }
        return new Route(stamp, destinations);
    }
}
