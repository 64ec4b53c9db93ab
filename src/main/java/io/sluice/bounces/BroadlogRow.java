package io.sluice.bounces;

/**
 * The broadlog row a bounce was matched to.
 *
 * @param broadlogId NmsBroadLogRcp.iBroadLogId
 * @param deliveryId its delivery
 * @param status     its iStatus (1 sent, 2 failed, 6 pending...)
 * @param address    the address it was sent to (the row's, else the recipient's)
 * @param domain     the recipient's domain as the broadlog holds it (may be null)
 * @param matchedBy  how it was found: "VERP" or "Message-ID"
 */
public record BroadlogRow(long broadlogId, long deliveryId, int status, String address, String domain,
                          String matchedBy) {
}
