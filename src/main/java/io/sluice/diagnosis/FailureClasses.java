package io.sluice.diagnosis;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.flowcontrol.Outcome;
import io.sluice.parking.Parking;
import io.sluice.result.FailureReason;

import java.util.regex.Pattern;

/** How the report counts a row's last message: a failure of some {@link ErrorClass}, or mail Sluice queued itself. */
final class FailureClasses {

    /** A stored text that starts with an SMTP reply code. */
    private static final Pattern SMTP = Pattern.compile("^\\s*([2-5])\\d\\d\\b");

    private FailureClasses() {
    }

    /** No failure message, or Sluice's own "Messages queued (...)": not a failure at all. */
    static boolean isQueued(String text) {
        return text.isEmpty() || text.equals(BroadlogTexts.DYNAMIC_FLOW_CONTROL) || text.equals(BroadlogTexts.QUOTAS_MET);
    }

    /** Held back by flow control (the text Sluice stores on a parked row). */
    static boolean isQueuedByFlowControl(String text) {
        return text.equals(BroadlogTexts.DYNAMIC_FLOW_CONTROL);
    }

    /**
     * From a stored reply text (an SMTP reply, by flow control's {@link Outcome}) or, without a reply, the Campaign
     * failure reason: "error ignored" is ours (internal), anything else a connection failure.
     *
     * @return null for an accepted reply
     */
    static ErrorClass classify(String text, int failureReason) {
        if (SMTP.matcher(text).find()) {
            try {
                return switch (Outcome.ofReply(text)) {
                    case ACCEPTED -> null;
                    case DEFERRAL -> ErrorClass.DEFERRAL;
                    case POLICY_FAILURE -> ErrorClass.POLICY;
                    default -> ErrorClass.HARD;
                };
            } catch (IllegalArgumentException e) {
                return ErrorClass.HARD;
            }
        }
        if (failureReason == FailureReason.ERROR_IGNORED.code()) {
            return ErrorClass.INTERNAL;
        }
        // a row failed for its address before any SMTP conversation (unqualified, quarantined, denylisted ...): the
        // recipient's problem, no connection failure of its domain
        return ADDRESS_REASONS.contains(failureReason) ? ErrorClass.HARD : ErrorClass.CONNECTION;
    }

    /** Campaign failure reasons that name the address, not the connection. */
    private static final java.util.Set<Integer> ADDRESS_REASONS = java.util.stream.Stream.of(
            FailureReason.USER_UNKNOWN, FailureReason.INVALID_DOMAIN, FailureReason.ACCOUNT_DISABLED,
            FailureReason.MAILBOX_FULL, FailureReason.ADDRESS_NOT_SPECIFIED, FailureReason.DENYLISTED,
            FailureReason.QUARANTINE, FailureReason.DOUBLE, FailureReason.BAD_QUALITY, FailureReason.UNQUALIFIED,
            FailureReason.CONTROL_ADDRESS).map(FailureReason::code).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * Counts on a timeline as deferred or refused: a failure other than a hard (recipient) one, and not a row Sluice
     * ended itself ({@link SluiceEnding}).
     */
    static boolean isBad(String text, int failureReason) {
        ErrorClass c = isQueued(text) || SluiceEnding.of(text) != null ? null : classify(text, failureReason);
        return c != null && c != ErrorClass.HARD;
    }
}
