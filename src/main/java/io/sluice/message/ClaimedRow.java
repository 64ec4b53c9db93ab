package io.sluice.message;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Map;

/**
 * One claimed broadlog row with its recipient and delivery fields, as read by
 * {@code config/sql/select-claimed.sql}. Recipient or delivery fields are null when that row is missing. The
 * delivery's templates are not part of it: {@link DeliveryContents} reads them once per delivery.
 *
 * @param addressStatus the target address's NmsAddress.iStatus (io.sluice.quarantine.AddressStatus code), 0 (Valid)
 *                      when the address has no row
 */
public record ClaimedRow(
        long broadlogId,
        long deliveryId,
        Long recipientId,
        int retry,
        String claimToken,
        Instant leaseUntil,
        String address,
        boolean recipientFound,
        String email,
        String firstName,
        String lastName,
        boolean denylisted,
        boolean deliveryFound,
        String deliveryName,
        String mailFrom,
        int retryCount,
        int retryPeriodSec,
        Instant validity,
        int addressStatus) {

    /** Reads a row map of select-claimed.sql (keys are the lower-case column aliases). */
    public static ClaimedRow fromColumns(Map<String, Object> c) {
        return new ClaimedRow(
                longOf(c.get("broadlog_id")),
                longOf(c.get("delivery_id")),
                c.get("recipient_id") == null ? null : longOf(c.get("recipient_id")),
                intOf(c.get("retry"), 0),
                (String) c.get("claim_token"),
                instantOf(c.get("lease_until")),
                (String) c.get("address"),
                c.get("recipient_found") != null,
                (String) c.get("email"),
                (String) c.get("first_name"),
                (String) c.get("last_name"),
                intOf(c.get("black_list"), 0) == 1,
                c.get("delivery_found") != null,
                (String) c.get("delivery_name"),
                (String) c.get("mail_from"),
                intOf(c.get("retry_count"), 0),
                intOf(c.get("retry_period_sec"), 3600),
                instantOf(c.get("validity")),
                intOf(c.get("address_status"), 0));
    }

    /** The address to send to: the broadlog's own, else the recipient's e-mail. */
    public String targetAddress() {
        return address != null && !address.isBlank() ? address : email;
    }

    static long longOf(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("expected a number, got " + o);
    }

    static int intOf(Object o, int ifNull) {
        return o == null ? ifNull : ((Number) o).intValue();
    }

    static Instant instantOf(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof Date d) {
            return d.toInstant();
        }
        if (o instanceof Instant i) {
            return i;
        }
        throw new IllegalArgumentException("expected a timestamp, got " + o.getClass().getName());
    }
}
