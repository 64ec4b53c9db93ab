package io.sluice.bounces;

/**
 * The per-recipient fields of a DSN (RFC 3464 section 2.3) that qualify it; values trimmed, address types
 * ({@code rfc822;}) removed.
 *
 * @param finalRecipient    Final-Recipient address (required by the RFC; empty when missing)
 * @param originalRecipient Original-Recipient address, or empty
 * @param action            Action, lower-case: failed, delayed, delivered, relayed, expanded
 * @param status            Status, the enhanced code only ({@code 5.1.1}); empty when missing or malformed
 * @param diagnosticCode    Diagnostic-Code without its type ({@code 550 5.1.1 ... user unknown}), or empty
 */
public record DsnRecipient(String finalRecipient, String originalRecipient, String action, String status,
                           String diagnosticCode) {

    /** True for a recipient the message did not reach (failed) or has not reached yet (delayed). */
    public boolean isFailure() {
        return "failed".equals(action) || "delayed".equals(action);
    }

    /** True when either address of the DSN is {@code address} (trimmed, case-insensitive). */
    public boolean isFor(String address) {
        return address != null && (finalRecipient.equalsIgnoreCase(address.strip())
                || originalRecipient.equalsIgnoreCase(address.strip()));
    }
}
