package io.sluice.result;

import io.sluice.message.ClaimedRow;

import java.time.Duration;
import java.time.Instant;

/**
 * When a retryable failure is tried again: after the delivery's retry period, at most its retry count
 * times, never past its validity limit. Campaign's rule: Soft and Ignored are retried, Hard is not.
 */
public final class RetrySchedule {

    private RetrySchedule() {
    }

    /** @return the next try, or null when the row must now be Failed */
    public static Instant nextTry(ClaimedRow row, FailureType type, Instant now) {
        if (type == FailureType.HARD) {
            return null;
        }
        int nextRetry = row.retry() + 1;
        if (nextRetry > row.retryCount()) {
            return null;
        }
        Instant next = now.plus(Duration.ofSeconds(Math.max(0, row.retryPeriodSec())));
        if (row.validity() != null && next.isAfter(row.validity())) {
            return null;
        }
        return next;
    }
}
