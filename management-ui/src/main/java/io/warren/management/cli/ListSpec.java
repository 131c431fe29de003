package io.warren.management.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One {@code list_*} command: where its items come from in the HTTP API, its info line, the info
 * keys (columns) it supports with how each is read from an API item, and the default columns.
 *
 * @param name      the command, e.g. {@code list_queues}
 * @param path      the API path for the options (vhost, user...)
 * @param info      the info line
 * @param keys      every supported info key, in rabbitmqctl's order, and how to read it
 * @param defaults  the columns shown when none are named
 * @param arguments positional arguments the command takes before its info keys
 */
record ListSpec(String name, Function<Call, String> path, Function<Call, String> info,
                Map<String, Function<Map<String, Object>, Object>> keys, List<String> defaults, int arguments) {

    /** What a list command knows when it builds its path and info line. */
    record Call(CtlOptions options, List<String> arguments) {
        String vhost() {
            return options.vhost();
        }
    }

    /** Keys read straight from the item's field of the same name. */
    static Map<String, Function<Map<String, Object>, Object>> fields(String... names) {
        Map<String, Function<Map<String, Object>, Object>> keys = new LinkedHashMap<>();
        for (String name : names) keys.put(name, item -> item.get(name));
        return keys;
    }
}
