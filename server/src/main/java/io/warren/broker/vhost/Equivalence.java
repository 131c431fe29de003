package io.warren.broker.vhost;

import io.warren.broker.ProtocolException;
import io.warren.codec.Method;
import io.warren.codec.ReplyCode;
import java.util.Map;
import java.util.Objects;

/**
 * RabbitMQ's check that a redeclaration matches what exists ({@code rabbit_misc:assert_args_equivalence}):
 * a difference is 406 "inequivalent arg 'K' for queue 'q' in vhost '/': received X but current is Y".
 */
final class Equivalence {
    private Equivalence() {}

    static void property(String key, Object current, Object received, String resource, Method cause) {
        if (!Objects.equals(current, received)) {
            throw inequivalent(key, resource, "'" + received + "'", "'" + current + "'", cause);
        }
    }

    static void arguments(Map<String, Object> current, Map<String, Object> received, Iterable<String> keys,
                          String resource, Method cause) {
        for (String key : keys) {
            boolean had = current.containsKey(key);
            boolean has = received.containsKey(key);
            if (!had && !has) continue;
            Object was = current.get(key);
            Object is = received.get(key);
            if (had && has) {
                if (!FieldTypeNames.equivalent(was, is)) {
                    throw inequivalent(key, resource, "'" + FieldTypeNames.render(is) + "'", "'" + FieldTypeNames.render(was) + "'", cause);
                }
            } else {
                throw inequivalent(key, resource, describe(has, is), describe(had, was), cause);
            }
        }
    }

    private static String describe(boolean present, Object value) {
        return present ? "the value '" + FieldTypeNames.render(value) + "' of type '" + FieldTypeNames.of(value) + "'" : "none";
    }

    private static ProtocolException inequivalent(String key, String resource, String received, String current, Method cause) {
        return ProtocolException.of(ReplyCode.PRECONDITION_FAILED,
                "inequivalent arg '" + key + "' for " + resource + ": received " + received + " but current is " + current, cause);
    }
}
