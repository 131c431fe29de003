package io.warren.routing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled form of a topic exchange's binding keys: a trie with one node per word, where the
 * wildcards {@code *} and {@code #} are separate children of a node rather than words.
 *
 * <p>Words. A key is split at every {@code .}, keeping empty words ({@code "a..b"} has three), except
 * that the empty key has no words at all, exactly as RabbitMQ's {@code split_topic_key}: so
 * {@code "*"} does not match the routing key {@code ""}, while {@code "#"} and {@code ""} do. Runs of
 * {@code #} are collapsed when a binding is added ({@code "#.#"} matches what {@code "#"} matches).
 *
 * <p>Concurrency. {@link #add} and {@link #remove} are called one at a time (the owning exchange
 * holds its write lock). {@link #match} may run at the same time and then cannot fail or loop: children
 * live in {@link ConcurrentHashMap}s and volatile fields, a node's destinations are an immutable
 * array published through a volatile field, and a pruned node stays intact for a reader standing on
 * it. Such a concurrent match may mix states from before and after a change, which is why
 * {@link TopicExchange} validates it.
 */
final class TopicTrie<D> {

    private static final String STAR = "*";
    private static final String HASH = "#";
    private static final String[] NO_WORDS = {};

    private final Node<D> root = new Node<>();

    /** The words of a routing or binding key. */
    static String[] words(String key) {
        return key.isEmpty() ? NO_WORDS : key.split("\\.", -1);
    }

    void add(String bindingKey, D destination) {
        Node<D> node = root;
        for (String word : pattern(bindingKey)) {
            node = node.childOrCreate(word);
        }
        node.destinations.add(destination);
    }

    void remove(String bindingKey, D destination) {
        List<String> pattern = pattern(bindingKey);
        List<Node<D>> path = new ArrayList<>(pattern.size() + 1);
        Node<D> node = root;
        path.add(node);
        for (String word : pattern) {
            node = node.child(word);
            if (node == null) {
                return;
            }
            path.add(node);
        }
        node.destinations.remove(destination);
        for (int i = pattern.size(); i > 0 && path.get(i).isEmpty(); i--) {
            path.get(i - 1).removeChild(pattern.get(i - 1));
        }
    }

    /** The distinct destinations whose binding keys match the routing key. */
    Object[] match(String routingKey) {
        Walk walk = new Walk(words(routingKey));
        walk.collect(root, 0);
        return walk.found.toArray();
    }

    /**
     * One match. A node is only ever entered at a given word position once: the only way to reach
     * it twice is through a {@code #} node taking different numbers of words, and those entries are
     * remembered. So a match costs at most (nodes x words), whatever the binding keys.
     */
    private static final class Walk {
        final String[] words;
        final Collection<Object> found = new LinkedHashSet<>();
        Map<Node<?>, BitSet> hashEntries; // created on the first # node

        Walk(String[] words) {
            this.words = words;
        }

        void collect(Node<?> node, int i) {
            if (i == words.length) {
                for (Object destination : node.destinations.snapshot()) {
                    found.add(destination);
                }
            } else {
                Map<String, ? extends Node<?>> children = node.children;
                Node<?> literal = children == null ? null : children.get(words[i]);
                if (literal != null) {
                    collect(literal, i + 1);
                }
                Node<?> star = node.star;
                if (star != null) {
                    collect(star, i + 1);
                }
            }
            Node<?> hash = node.hash;
            if (hash != null) {
                if (hashEntries == null) {
                    hashEntries = new IdentityHashMap<>();
                }
                BitSet entered = hashEntries.computeIfAbsent(hash, h -> new BitSet(words.length + 1));
                for (int j = i; j <= words.length; j++) { // # takes zero or more words
                    if (!entered.get(j)) {
                        entered.set(j);
                        collect(hash, j);
                    }
                }
            }
        }
    }

    /** The words of a binding key with runs of {@code #} collapsed. */
    private static List<String> pattern(String bindingKey) {
        String[] words = words(bindingKey);
        List<String> pattern = new ArrayList<>(words.length);
        for (String word : words) {
            if (!(word.equals(HASH) && !pattern.isEmpty() && pattern.get(pattern.size() - 1).equals(HASH))) {
                pattern.add(word);
            }
        }
        return pattern;
    }

    private static final class Node<D> {
        final Destinations<D> destinations = new Destinations<>();
        volatile Map<String, Node<D>> children; // literal words; created on first use
        volatile Node<D> star;
        volatile Node<D> hash;

        Node<D> child(String word) {
            return switch (word) {
                case STAR -> star;
                case HASH -> hash;
                default -> children == null ? null : children.get(word);
            };
        }

        Node<D> childOrCreate(String word) {
            Node<D> child = child(word);
            if (child != null) {
                return child;
            }
            child = new Node<>();
            switch (word) {
                case STAR -> star = child;
                case HASH -> hash = child;
                default -> {
                    if (children == null) {
                        children = new ConcurrentHashMap<>(4);
                    }
                    children.put(word, child);
                }
            }
            return child;
        }

        void removeChild(String word) {
            switch (word) {
                case STAR -> star = null;
                case HASH -> hash = null;
                default -> children.remove(word);
            }
        }

        boolean isEmpty() {
            return destinations.isEmpty() && star == null && hash == null
                    && (children == null || children.isEmpty());
        }
    }
}
