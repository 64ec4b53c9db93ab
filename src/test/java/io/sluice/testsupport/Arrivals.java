package io.sluice.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What a receiver saw over time: the most arrivals in any window of a given length (a fixed-window limit's view). */
public final class Arrivals {

    private Arrivals() {
    }

    /** The most of the sorted times that fall within any one window of {@code length} (sliding). */
    public static int maxInAnyWindow(List<Instant> sorted, Duration length) {
        int max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (Duration.between(sorted.get(from), sorted.get(to)).compareTo(length) >= 0) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }
}
