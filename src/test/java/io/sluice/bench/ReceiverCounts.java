package io.sluice.bench;

import io.sluice.smtpsim.SmtpSimulator;

/**
 * What the receiving server saw of one domain, as the bench reads it: the in-JVM simulator's counters, or a real
 * Postfix's log ({@link PostfixLogCounts}). Counted by the receiver, not by Sluice.
 */
interface ReceiverCounts {

    /** Recipients accepted so far. */
    long accepted();

    /** Attempts deferred so far (4xx). */
    long deferred();

    static ReceiverCounts of(SmtpSimulator smtp, String domain) {
        return new ReceiverCounts() {
            @Override
            public long accepted() {
                return smtp.counters().acceptedRecipients(domain);
            }

            @Override
            public long deferred() {
                return smtp.counters().deferredRecipients(domain);
            }
        };
    }
}
