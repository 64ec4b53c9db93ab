package io.sluice.flowcontrol;

import java.time.Duration;
import java.util.Objects;

/**
 * The windows gathered towards a flow's next decision: a window with fewer than {@code minAttempts} attempts is not
 * judged on its own but carried over and added to the next one (while PROBING: the probes' windows).
 *
 * @param counts  the sum of the windows gathered
 * @param windows how many windows that sum holds
 */
public record WindowEvidence(WindowCounts counts, int windows) {

    /** Nothing gathered. */
    public static final WindowEvidence EMPTY = new WindowEvidence(WindowCounts.EMPTY, 0);

    public WindowEvidence {
        Objects.requireNonNull(counts, "counts");
        if (windows < 0) {
            throw new IllegalArgumentException("evidence windows must be >= 0, was " + windows);
        }
    }

    /** This evidence with one more window. */
    public WindowEvidence plus(WindowCounts window) {
        return new WindowEvidence(counts.plus(window), windows + 1);
    }

    /** True with at least {@code minAttempts} attempts that reached the destination. */
    boolean enough(int minAttempts) {
        return counts.domainAttempts() >= minAttempts;
    }

    /**
     * True when the destination was sent at least {@code share} of {@code rate} over these windows (attempts per
     * second over {@code windows x window}).
     */
    boolean sentAtLeast(double share, double rate, Duration window) {
        double seconds = window.toMillis() / 1000.0 * Math.max(1, windows);
        return counts.domainAttempts() / seconds >= rate * share;
    }

    /** True when something reached the destination and nothing was deferred or refused. */
    boolean errorFree() {
        return counts.domainAttempts() > 0 && counts.badCount() == 0;
    }

    /** True when something reached the destination and every attempt was deferred or refused. */
    boolean nothingThrough() {
        return counts.domainAttempts() > 0 && counts.badCount() == counts.domainAttempts();
    }

    /** "in the last window" or "in the last 3 windows". */
    String phrase() {
        return windows <= 1 ? "in the last window" : "in the last " + windows + " windows";
    }

    /** The evidence as words, e.g. "9 of 12 attempts deferred (75%) in the last 3 windows". */
    String describe() {
        return counts.describeBad() + " " + phrase();
    }
}
