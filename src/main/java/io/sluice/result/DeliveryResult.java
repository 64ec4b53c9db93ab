package io.sluice.result;

import java.time.Instant;

/**
 * What became of one claimed broadlog row, ready to be written back: the new status, retry count and next
 * try, and the message explaining a failure. This is the body of every exchange on the result stream
 * ({@code direct:results}), the one place later steps (flow control, metrics) tap.
 *
 * @param outcome what the SMTP attempt ended as; null when no attempt was made (row rejected up front)
 * @param status  new iStatus: 1 sent, 2 failed, 6 pending (retry later)
 * @param message null when sent
 */
public record DeliveryResult(
        long broadlogId,
        long deliveryId,
        String claimToken,
        String address,
        String domain,
        SendOutcome outcome,
        SmtpReply reply,
        int status,
        int retry,
        Instant nextTry,
        Instant eventTime,
        BroadlogMessage message) {

    public static final int STATUS_SENT = 1;
    public static final int STATUS_FAILED = 2;
    public static final int STATUS_PENDING = 6;

    /** True when an SMTP attempt (or connection attempt) was made for this row. */
    public boolean attempted() {
        return outcome != null;
    }
}
