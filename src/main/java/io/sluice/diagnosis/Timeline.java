package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The time maths of a report: its period, the time spent in a state (from the flow-control events), and the time
 * slices of the timelines' bars.
 */
final class Timeline {

    /** Time slices per timeline: enough to see a change, few enough for a 760-pixel chart. */
    static final int BUCKETS = 40;
    /** The shortest slice: a short delivery is not drawn in sub-second slices. */
    static final Duration MIN_BUCKET_WIDTH = Duration.ofSeconds(1);
    /** How far back a delivery with neither a creation time nor an attempt is looked at. */
    static final Duration LOOK_BACK_WITHOUT_HISTORY = Duration.ofHours(1);

    private Timeline() {
    }

    /** The report's period: never empty ({@code to} after {@code from}). */
    record Period(Instant from, Instant to) {

        /**
         * From the delivery's creation, or its first attempt if earlier; to its rows' last change once it is finished,
         * else to now.
         *
         * @param created      NmsDelivery.tsCreated, may be null
         * @param firstAttempt the earliest row's last attempt, null before any attempt
         * @param lastChange   the latest last attempt or last change of its rows, null without rows
         */
        static Period of(Instant created, Instant firstAttempt, Instant lastChange, boolean finished, Instant now) {
            Instant from = firstAttempt != null ? (created != null && created.isBefore(firstAttempt) ? created : firstAttempt)
                    : (created != null ? created : now.minus(LOOK_BACK_WITHOUT_HISTORY));
            Instant to = finished && lastChange != null ? lastChange : now;
            return new Period(from, to.isAfter(from) ? to : from.plusSeconds(1));
        }

        Duration length() {
            return Duration.between(from, to);
        }

        /** The width of a time slice: the period in {@link #BUCKETS} slices, never under {@link #MIN_BUCKET_WIDTH}. */
        Duration bucketWidth() {
            return Duration.ofMillis(Math.max(MIN_BUCKET_WIDTH.toMillis(), length().toMillis() / BUCKETS + 1));
        }

        /** The slice of an instant; one before or after the period counts in the first or the last. */
        int bucket(Instant at, Duration width) {
            return (int) Math.min(BUCKETS - 1, Math.max(0, Duration.between(from, at).toMillis() / width.toMillis()));
        }
    }

    /**
     * Time spent in {@code state} between from and to, walking the state events in order (the state before the
     * first event is that event's from-state; rate-only events move no boundary).
     */
    static Duration timeIn(List<Event> events, String state, Instant from, Instant to) {
        return spans(events, from, to).stream().filter(s -> state.equals(s.state()))
                .map(s -> Duration.between(s.from(), s.to())).filter(d -> !d.isNegative())
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** A state and the span it lasted (a band on a timeline). */
    record Span(String state, Instant from, Instant to) {
    }

    /**
     * The spans of the successive states, from {@code from} to {@code to}, as {@link #timeIn} counts them: the
     * first from {@code from} (null state when there is no state event).
     */
    static List<Span> spans(List<Event> events, Instant from, Instant to) {
        List<Span> spans = new ArrayList<>();
        String state = null;
        Instant since = from;
        for (Event e : events) {
            if (e.rateOnly()) {
                continue;
            }
            if (state == null) {
                state = e.fromState();
            }
            spans.add(new Span(state, since, e.at()));
            state = e.toState();
            since = e.at();
        }
        spans.add(new Span(state, since, to));
        return spans;
    }
}
