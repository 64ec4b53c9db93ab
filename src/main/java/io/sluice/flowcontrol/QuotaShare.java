package io.sluice.flowcontrol;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One instance's share of a receiver's rate, measured from its own attempts between two renewals of the receiver's
 * quota ({@link QuotaCycle}) while other instances send to the same site: what the site's judgement adds up with the
 * others' shares of the same renewal ({@code io.sluice.cluster.QuotaShares}).
 *
 * @param rate    msg/s this instance got accepted over the span
 * @param renewal when the receiver renewed its quota (the span's end), on this instance's clock
 * @param age     how long before the share was taken that the renewal happened (to place it on the database's clock)
 */
public record QuotaShare(double rate, Instant renewal, Duration age) {

    public QuotaShare {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("a measured share must be a rate > 0, was " + rate);
        }
        Objects.requireNonNull(renewal, "renewal");
        Objects.requireNonNull(age, "age");
    }

    /** A share measured now, at the renewal. */
    static QuotaShare at(double rate, Instant renewal) {
        return new QuotaShare(rate, renewal, Duration.ZERO);
    }

    /** This share as taken at {@code now}: its age since the renewal. */
    QuotaShare takenAt(Instant now) {
        Duration a = Duration.between(renewal, now);
        return new QuotaShare(rate, renewal, a.isNegative() ? Duration.ZERO : a);
    }
}
