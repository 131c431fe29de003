package io.warren.broker.policy;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The policies of one virtual host, and which one applies to a queue or exchange: among those
 * whose pattern matches the name and that apply to its kind, the highest priority (ties broken by
 * name, so the choice is stable). Thread-safe; the virtual host re-applies policies to its objects
 * after every change.
 */
public final class Policies {
    private static final Comparator<Policy> PRECEDENCE =
            Comparator.comparingInt(Policy::priority).reversed().thenComparing(Policy::name);

    private final Map<String, Policy> byName = new ConcurrentHashMap<>();

    /**
     * Checks a policy as {@code rabbitmqctl set_policy} and the HTTP API do and builds it; throws
     * {@link PolicyException} with RabbitMQ's text when it is invalid.
     */
    public static Policy validate(String vhost, String name, String pattern, String applyTo, int priority,
                                  Map<String, Object> definition) {
        Policy.ApplyTo target = Policy.ApplyTo.parse(applyTo == null ? "all" : applyTo);
        if (target == null) {
            throw new PolicyException("Validation failed\n\napply-to '" + applyTo
                    + "' unrecognised; should be 'queues', 'exchanges' or 'all'\n");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new PolicyException("Validation failed\n\n<<\"" + pattern + "\">> is not a valid regular expression\n");
        }
        List<String> problems = PolicyDefinition.problems(definition);
        if (!problems.isEmpty()) throw new PolicyException("Validation failed\n\n" + String.join("\n", problems) + "\n");
        return new Policy(vhost, name, pattern, target, priority, definition, compiled);
    }

    /** Adds or replaces a policy; returns the one it replaced, or null. */
    public Policy put(Policy policy) {
        return byName.put(policy.name(), policy);
    }

    /** Removes a policy; returns it, or null if there was none. */
    public Policy remove(String name) {
        return byName.remove(name);
    }

    public Policy get(String name) {
        return byName.get(name);
    }

    /** Every policy, highest precedence first. */
    public List<Policy> list() {
        return byName.values().stream().sorted(PRECEDENCE).toList();
    }

    public Policy forQueue(String queueName) {
        return best(byName.values(), true, queueName);
    }

    public Policy forExchange(String exchangeName) {
        return best(byName.values(), false, exchangeName);
    }

    private static Policy best(Collection<Policy> policies, boolean queue, String objectName) {
        Policy best = null;
        for (Policy policy : policies) {
            boolean applies = queue ? policy.appliesToQueue(objectName) : policy.appliesToExchange(objectName);
            if (applies && (best == null || PRECEDENCE.compare(policy, best) < 0)) best = policy;
        }
        return best;
    }
}
