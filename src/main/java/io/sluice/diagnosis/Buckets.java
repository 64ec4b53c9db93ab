package io.sluice.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Sent and deferred/refused rows per time slice of the report's period, by the time of their last attempt (the
 * timeline's bars). The counts are copied in and out: the value cannot change.
 */
public record Buckets(Instant start, Duration width, long[] sent, long[] bad) {

    public Buckets {
        sent = sent.clone();
        bad = bad.clone();
    }

    @Override
    public long[] sent() {
        return sent.clone();
    }

    @Override
    public long[] bad() {
        return bad.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Buckets b && start.equals(b.start) && width.equals(b.width)
                && Arrays.equals(sent, b.sent) && Arrays.equals(bad, b.bad);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, width, Arrays.hashCode(sent), Arrays.hashCode(bad));
    }

    @Override
    public String toString() {
        return "Buckets[" + start + " +" + width + " sent=" + Arrays.toString(sent) + " bad=" + Arrays.toString(bad)
                + "]";
    }
}
