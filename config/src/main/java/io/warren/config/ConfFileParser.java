package io.warren.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a configuration file in RabbitMQ's sysctl-like format into entries. Each line is
 * {@code key = value}; the value is everything after the first {@code =} (so it may itself contain
 * {@code =}), with surrounding whitespace trimmed. Blank lines and lines starting with {@code #} are
 * ignored, as is a {@code #} comment that follows a value after whitespace ({@code heartbeat = 30  # seconds});
 * a {@code #} with no whitespace before it is part of the value ({@code default_pass = s3cr#t}).
 */
final class ConfFileParser {

    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s#");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    /**
     * One {@code key = value} line.
     *
     * @param key   the key, trimmed
     * @param value the value, trimmed, without a trailing comment
     * @param where the file and line, e.g. {@code warren.conf:12}
     */
    record Entry(String key, String value, String where) {
    }

    private ConfFileParser() {
    }

    /**
     * The entries of {@code text} in file order.
     *
     * @param sourceName the file's name as it should appear in error messages
     * @throws ConfigException naming the line if a line is not {@code key = value}
     */
    static List<Entry> parse(String text, String sourceName) {
        String withoutByteOrderMark = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = withoutByteOrderMark.split("\\R", -1);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = sourceName + ":" + (i + 1);
            entries.add(parseLine(line, where));
        }
        return entries;
    }

    private static Entry parseLine(String line, String where) {
        int equals = line.indexOf('=');
        if (equals < 0) {
            throw new ConfigException(where, "expected 'key = value' but found '" + line + "'");
        }
        String key = line.substring(0, equals).strip();
        if (key.isEmpty()) {
            throw new ConfigException(where, "missing key before '=' in '" + line + "'");
        }
        if (WHITESPACE.matcher(key).find()) {
            throw new ConfigException(where, "invalid key '" + key + "': keys contain no spaces");
        }
        return new Entry(key, withoutTrailingComment(line.substring(equals + 1)).strip(), where);
    }

    private static String withoutTrailingComment(String value) {
        Matcher comment = TRAILING_COMMENT.matcher(value);
        return comment.find() ? value.substring(0, comment.start()) : value;
    }
}
