package io.sluice.quarantine;

import io.sluice.domains.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Campaign's quarantine rules (campaign-model.md, "Quarantine and denylist"), validated and immutable, and the pure
 * decision {@link #next}: what an address's record becomes after one {@link AddressEvent}. Time is the event's own
 * ({@link AddressEvent#at()}), so tests move it instead of waiting.
 * <ul>
 *   <li>HARD: Quarantine at once.</li>
 *   <li>SOFT: counted at most once per {@code softErrorInterval} (an error inside the interval after the last counted
 *       one updates the last error's text, not the count). <b>Reading of Campaign's "after 5 errors, on the sixth":</b>
 *       with {@code softErrors = 5} the address stays With errors at 5 counted errors and goes to Quarantine on the
 *       sixth counted error (count &gt; softErrors).</li>
 *   <li>The count starts again from zero when {@code resetAfter} has passed since the last counted error (checked
 *       when the next event comes: a With errors address is mailed anyway, so nothing needs to run in between).</li>
 *   <li>DELIVERED: With errors goes back to Valid, count 0. Quarantine is not undone by it (it is never sent to; an
 *       asynchronous bounce's event may come after a delivery that was accepted first).</li>
 *   <li>COMPLAINT: Denylisted. Nothing automatic downgrades Denylisted or Quarantine: only an operator's release.</li>
 * </ul>
 */
public final class QuarantineRules {

    public static final int DEFAULT_SOFT_ERRORS = 5;
    public static final Duration DEFAULT_SOFT_ERROR_INTERVAL = Duration.ofDays(1);
    public static final Duration DEFAULT_RESET_AFTER = Duration.ofDays(10);

    private final int softErrors;
    private final Duration softErrorInterval;
    private final Duration resetAfter;

    private QuarantineRules(Builder b) {
        this.softErrors = b.softErrors;
        this.softErrorInterval = b.softErrorInterval;
        this.resetAfter = b.resetAfter;
    }

    public static QuarantineRules ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(QuarantineRules prototype) {
        return new Builder().softErrors(prototype.softErrors).softErrorInterval(prototype.softErrorInterval)
                .resetAfter(prototype.resetAfter);
    }

    public int softErrors() {
        return softErrors;
    }

    public Duration softErrorInterval() {
        return softErrorInterval;
    }

    public Duration resetAfter() {
        return resetAfter;
    }

    /**
     * The record after {@code event}.
     *
     * @param current the address's record, or null when it has none (Valid)
     * @return the new record; {@code current} itself when nothing changes (null stays null: a delivery to an address
     * without a row makes none)
     */
    public AddressRecord next(AddressRecord current, AddressEvent event) {
        Objects.requireNonNull(event, "event");
        if (current != null && !current.address().equals(AddressRecord.key(event.address()))) {
            throw new IllegalArgumentException("event for " + event.address() + " applied to " + current.address());
        }
        Instant at = event.at();
        if (current == null) {
            if (event.kind() == AddressEvent.Kind.DELIVERED) {
                return null;
            }
            current = AddressRecord.fresh(event.address(), at);
        }
        AddressStatus status = current.status();
        if (status == AddressStatus.DENYLISTED) {
            return current;
        }
        if (status == AddressStatus.QUARANTINE && event.kind() != AddressEvent.Kind.COMPLAINT) {
            return current;
        }
        int count = resetDue(current, at) ? 0 : current.errorCount();
        return switch (event.kind()) {
            case COMPLAINT -> current.with(AddressStatus.DENYLISTED, count, current.lastErrorAt(), event.text(),
                    event.failureReason(), at);
            case HARD -> current.with(AddressStatus.QUARANTINE, count + 1, at, event.text(), event.failureReason(), at);
            case SOFT -> soft(current, count, event);
            case DELIVERED -> status == AddressStatus.WITH_ERRORS
                    ? current.with(AddressStatus.VALID, 0, current.lastErrorAt(), current.lastErrorText(),
                            current.failureReason(), at)
                    : current;
        };
    }

    private AddressRecord soft(AddressRecord current, int count, AddressEvent event) {
        Instant at = event.at();
        boolean counted = count == 0 || current.lastErrorAt() == null
                || !at.isBefore(current.lastErrorAt().plus(softErrorInterval));
        if (!counted) {
            // inside the interval: the same error episode; its latest text is kept, the count and clock are not moved
            return current.with(current.status(), count, current.lastErrorAt(), event.text(), event.failureReason(),
                    at);
        }
        int n = count + 1;
        AddressStatus next = n > softErrors ? AddressStatus.QUARANTINE : AddressStatus.WITH_ERRORS;
        return current.with(next, n, at, event.text(), event.failureReason(), at);
    }

    /** True when the last counted error is at least {@code resetAfter} old: the count starts again. */
    private boolean resetDue(AddressRecord current, Instant at) {
        return current.errorCount() > 0 && current.lastErrorAt() != null
                && !at.isBefore(current.lastErrorAt().plus(resetAfter));
    }

    @Override
    public String toString() {
        return "quarantine when more than " + softErrors + " soft errors are counted, at"
                + " most once per " + softErrorInterval + ", count reset after " + resetAfter + " without an error;"
                + " a hard error quarantines at once, a complaint denylists";
    }

    /** Validating builder: every setter fails fast naming the setting and the bad value. */
    public static final class Builder {
        private int softErrors = DEFAULT_SOFT_ERRORS;
        private Duration softErrorInterval = DEFAULT_SOFT_ERROR_INTERVAL;
        private Duration resetAfter = DEFAULT_RESET_AFTER;

        private Builder() {
        }

        /** {@code sluice.quarantine.soft-errors}: counted soft errors an address may have; one more quarantines it. */
        public Builder softErrors(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("sluice.quarantine.soft-errors must be at least 1, was " + n);
            }
            this.softErrors = n;
            return this;
        }

        /** {@code sluice.quarantine.soft-error-interval}: soft errors closer than this count once. */
        public Builder softErrorInterval(Duration d) {
            this.softErrorInterval = positive("sluice.quarantine.soft-error-interval", d);
            return this;
        }

        public Builder softErrorInterval(String text) {
            return softErrorInterval(parse("sluice.quarantine.soft-error-interval", text));
        }

        /** {@code sluice.quarantine.reset-after}: this long without a counted error and the count starts again. */
        public Builder resetAfter(Duration d) {
            this.resetAfter = positive("sluice.quarantine.reset-after", d);
            return this;
        }

        public Builder resetAfter(String text) {
            return resetAfter(parse("sluice.quarantine.reset-after", text));
        }

        public QuarantineRules build() {
            if (resetAfter.compareTo(softErrorInterval) <= 0) {
                throw new IllegalArgumentException("sluice.quarantine.reset-after (" + resetAfter + ") must be longer"
                        + " than sluice.quarantine.soft-error-interval (" + softErrorInterval + "): otherwise the count"
                        + " is reset before a second soft error can be counted, and soft errors never quarantine");
            }
            return new QuarantineRules(this);
        }

        private static Duration positive(String key, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
            }
            return d;
        }

        private static Duration parse(String key, String text) {
            try {
                return Durations.parse(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + " must be a duration like 12h, 1d or P1D, was '" + text + "'");
            }
        }
    }
}
