package io.sluice.bounces;

/**
 * What one row of SluiceInboundMail records (column sKind, read by the diagnosis report: do not rename).
 */
public enum InboundKind {
    /** A DSN recipient whose reply qualifies as a hard error: the Sent broadlog row becomes Failed. */
    HARD,
    /** A DSN recipient whose reply qualifies as soft (or ignored, e.g. the sender's authentication): error recorded. */
    SOFT,
    /** An ARF feedback report of type abuse or fraud: the address is Denylisted. */
    COMPLAINT,
    /** An automatic reply (RFC 3834 Auto-Submitted, out of office): ignored, counted. */
    AUTO_REPLY,
    /** Anything else, or a bounce that matches no broadlog row: moved to the error folder for people to read. */
    UNPROCESSABLE
}
