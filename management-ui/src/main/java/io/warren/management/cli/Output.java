package io.warren.management.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rabbitmqctl's output: an info line ("Listing queues for vhost / ...") unless {@code -q}, then
 * for lists a tab-separated header (unless {@code -s} or {@code --no-table-headers}) and one
 * tab-separated row per item, or with {@code --formatter json} a JSON array of objects, one per line.
 */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final CtlOptions options;

    Output(PrintStream out, CtlOptions options) {
        this.out = out;
        this.options = options;
    }

    /** The info line, unless {@code -q}/{@code -s} (or JSON output, which must stay parseable). */
    void info(String line) {
        if (!options.quiet() && !options.json()) out.println(line);
    }

    /** A result line (always printed). */
    void line(String text) {
        out.println(text);
    }

    /** Rows of {@code columns}: each row's values already in rabbitmqctl's text form, and as JSON values. */
    void table(List<String> columns, List<Map<String, Object>> jsonRows, List<List<String>> textRows) {
        if (options.json()) {
            out.println("[");
            for (int i = 0; i < jsonRows.size(); i++) {
                Map<String, Object> ordered = new LinkedHashMap<>();
                for (String column : columns) ordered.put(column, jsonRows.get(i).get(column));
                out.println((i == 0 ? "" : ",") + write(ordered));
            }
            out.println("]");
            return;
        }
        if (!options.noHeaders() && !textRows.isEmpty()) out.println(String.join("\t", columns));
        for (List<String> row : textRows) out.println(String.join("\t", row));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
