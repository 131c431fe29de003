package io.warren.management.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The list parameters of RabbitMQ's management API, applied to a list of JSON objects:
 * {@code name} (a substring, or a regular expression with {@code use_regex=true}), {@code sort}
 * (a field, dotted for nested ones) and {@code sort_reverse}, {@code columns} (comma-separated,
 * dotted for nested fields) and paging with {@code page} and {@code page_size} (at most 500),
 * which answers {@code {filtered_count, item_count, items, page, page_count, page_size, total_count}}.
 * Without {@code page} the answer is the plain list.
 */
public final class ListQuery {
    static final int MAX_PAGE_SIZE = 500;
    private static final int DEFAULT_PAGE_SIZE = 100;

    private ListQuery() {}

    /** Filters, sorts, pages and trims {@code items} as the call's query asks. */
    public static Object apply(List<Map<String, Object>> items, Call call) {
        String pageParam = call.query("page");
        String sizeParam = call.query("page_size");
        Integer page = null;
        int pageSize = DEFAULT_PAGE_SIZE;
        if (pageParam != null) {
            page = integer(pageParam);
            Integer size = sizeParam == null ? Integer.valueOf(DEFAULT_PAGE_SIZE) : integer(sizeParam);
            if (page == null || page < 1 || size == null || size < 1 || size > MAX_PAGE_SIZE) {
                throw new ApiException(400, "invalid_pagination_parameters", "Invalid pagination parameters: page number "
                        + pageParam + ", page size " + (sizeParam == null ? "undefined" : sizeParam));
            }
            pageSize = size;
        }
        List<Map<String, Object>> selected = new ArrayList<>(items);
        String sort = call.query("sort");
        if (sort != null && !sort.isEmpty()) {
            selected.sort(Comparator.comparing((Map<String, Object> item) -> field(item, sort), ListQuery::compare));
        } else {
            selected.sort(Comparator.comparing((Map<String, Object> item) -> String.valueOf(item.getOrDefault("vhost", "")))
                    .thenComparing(item -> String.valueOf(item.getOrDefault("name", ""))));
        }
        if ("true".equals(call.query("sort_reverse"))) java.util.Collections.reverse(selected);
        int total = selected.size();
        String name = call.query("name");
        if (page != null && name != null && !name.isEmpty()) {
            boolean regex = "true".equals(call.query("use_regex"));
            Pattern pattern;
            try {
                pattern = regex ? Pattern.compile(name) : null;
            } catch (PatternSyntaxException e) {
                throw ApiException.badRequest("Pagination parameters are invalid");
            }
            selected.removeIf(item -> {
                String itemName = String.valueOf(item.getOrDefault("name", ""));
                return regex ? !pattern.matcher(itemName).find() : !itemName.contains(name);
            });
        }
        String columns = call.query("columns");
        List<Map<String, Object>> shown = selected;
        if (page != null) {
            int filtered = selected.size();
            int pageCount = Math.max(1, (filtered + pageSize - 1) / pageSize);
            if (page > pageCount) {
                throw new ApiException(400, "page_out_of_range", "Page out of range, page: " + page + " page size: " + pageSize
                        + ", len: " + filtered);
            }
            int from = Math.min(filtered, (page - 1) * pageSize);
            shown = selected.subList(from, Math.min(filtered, from + pageSize));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("filtered_count", filtered);
            answer.put("item_count", shown.size());
            answer.put("items", project(shown, columns));
            answer.put("page", page);
            answer.put("page_count", filtered == 0 ? 0 : pageCount);
            answer.put("page_size", pageSize);
            answer.put("total_count", total);
            return answer;
        }
        return project(shown, columns);
    }

    private static List<Map<String, Object>> project(List<Map<String, Object>> items, String columns) {
        if (columns == null || columns.isBlank()) return items;
        String[] wanted = columns.split(",");
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (Map<String, Object> item : items) {
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String column : wanted) copy(item, kept, column.trim().split("\\."), 0);
            out.add(kept);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void copy(Map<String, Object> from, Map<String, Object> to, String[] path, int depth) {
        String key = path[depth];
        if (!from.containsKey(key)) return;
        Object value = from.get(key);
        if (depth == path.length - 1) {
            to.put(key, value);
        } else if (value instanceof Map<?, ?> nested) {
            Map<String, Object> target = (Map<String, Object>) to.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
            copy((Map<String, Object>) nested, target, path, depth + 1);
        }
    }

    private static Object field(Map<String, Object> item, String dotted) {
        Object value = item;
        for (String key : dotted.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) return null;
            value = map.get(key);
        }
        return value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
        if (a instanceof Comparable c && a.getClass() == b.getClass()) return c.compareTo(b);
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static Integer integer(String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
