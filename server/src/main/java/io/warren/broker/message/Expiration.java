package io.warren.broker.message;

/**
 * The {@code expiration} property: a per-message TTL in milliseconds, written as a decimal
 * string. Parsed as RabbitMQ parses it ({@code rabbit_basic:parse_expiration}): an optional sign,
 * digits and nothing else, at most ten years.
 */
public final class Expiration {
    /** RabbitMQ's upper bound: ten years in milliseconds. */
    public static final long MAX = 315_360_000_000L;
    /** What {@link #millis} returns for a message without an expiration. */
    public static final long NONE = -1;

    private Expiration() {}

    /**
     * Why an expiration is invalid, in RabbitMQ's words ({@code no_integer},
     * {@code {value_negative,-1}}, ...), or null when it is valid.
     */
    public static String problem(String expiration) {
        int digitsStart = expiration.startsWith("+") || expiration.startsWith("-") ? 1 : 0;
        int end = digitsStart;
        while (end < expiration.length() && Character.isDigit(expiration.charAt(end)) && expiration.charAt(end) < 128) end++;
        if (end == digitsStart) return "no_integer";
        if (end < expiration.length()) return "{leftover_string,\"" + expiration.substring(end) + "\"}";
        java.math.BigInteger value = new java.math.BigInteger(expiration.substring(0, end));
        if (value.signum() < 0) return "{value_negative," + value + "}";
        if (value.compareTo(java.math.BigInteger.valueOf(MAX)) > 0) return "{value_too_large," + value + "}";
        return null;
    }

    /** The TTL of a valid expiration, or {@link #NONE} for null. */
    public static long millis(String expiration) {
        if (expiration == null) return NONE;
        return Long.parseLong(expiration.startsWith("+") ? expiration.substring(1) : expiration);
    }
}
