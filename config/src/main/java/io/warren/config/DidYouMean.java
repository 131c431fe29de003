package io.warren.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known name closest to a mistyped one, for "did you mean ...?" hints. */
final class DidYouMean {

    private DidYouMean() {
    }

    /**
     * The candidate with the smallest edit distance to {@code typed}, if it is close enough to be a
     * plausible typo: at most 2 edits, or a fifth of the name's length for longer names.
     */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        int allowed = Math.max(2, typed.length() / 5);
        return candidates.stream()
                .filter(candidate -> !candidate.equals(typed))
                .map(candidate -> new Scored(candidate, editDistance(typed, candidate)))
                .filter(scored -> scored.distance <= allowed)
                .min(Comparator.comparingInt((Scored scored) -> scored.distance).thenComparing(scored -> scored.name))
                .map(scored -> scored.name);
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private record Scored(String name, int distance) {
    }
}
