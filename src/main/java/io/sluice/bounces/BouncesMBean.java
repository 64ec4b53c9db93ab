package io.sluice.bounces;

/**
 * {@code sluice:type=Bounces}: what the bounce mailbox has read since start. Counts are of committed mail only; no
 * setting, address or credential is shown.
 */
public interface BouncesMBean {

    /** Whether {@code sluice.bounces.url} is set (the route runs). */
    boolean isEnabled();

    /**
     * Mails read and committed, whatever they were, duplicates included (a mail left in a POP3 mailbox counts again
     * at each poll here, and once in the other counts).
     */
    long getMails();

    /** DSN recipients qualified hard (Sent rows turned Failed). */
    long getHard();

    /** DSN recipients qualified soft (error recorded). */
    long getSoft();

    long getComplaints();

    long getAutoReplies();

    /** Mails moved to the error folder (or left in a POP3 mailbox). */
    long getUnprocessable();

    /** Mails read again after their result was committed (e.g. a crash before the move): not counted again. */
    long getDuplicates();

    /** DSN recipients that were not the matched row's address (ignored). */
    long getIgnoredRecipients();

    /** The last failure that left a mail in the mailbox to be read again (time and message), or "none". */
    String getLastError();
}
