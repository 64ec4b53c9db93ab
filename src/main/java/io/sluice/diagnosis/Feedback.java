package io.sluice.diagnosis;

import java.util.Locale;

/**
 * What a domain's receivers said about a delivery after they accepted its messages (the bounce mailbox's rows in
 * SluiceInboundMail, {@code report-feedback.sql}): asynchronous hard and soft bounces, complaints (ARF abuse
 * reports) and auto-replies, each counted once per message.
 *
 * @param accepted messages the domain answered 250 for: rows still Sent plus the ones an asynchronous hard bounce
 *                 turned from Sent into Failed afterwards (the denominator of Gmail's and Yahoo's rates)
 */
public record Feedback(String domain, long accepted, long hardBounces, long softBounces, long complaints,
                       long autoReplies) {

    public Feedback {
        if (accepted < 0 || hardBounces < 0 || softBounces < 0 || complaints < 0 || autoReplies < 0) {
            throw new IllegalArgumentException("negative count in the feedback of " + domain);
        }
    }

    /** Asynchronous bounces (hard and soft) per accepted message; 0 when none was accepted. */
    public double bounceRate() {
        return share(hardBounces + softBounces);
    }

    /** Complaints per accepted message, the figure Gmail and Yahoo judge ({@link ComplaintRules}). */
    public double complaintRate() {
        return share(complaints);
    }

    public boolean isEmpty() {
        return hardBounces + softBounces + complaints + autoReplies == 0;
    }

    /** A rate as the report prints it: 0.0 %, 0.35 %, 12 %. */
    static String percent(double share) {
        double p = share * 100;
        return p >= 10 ? String.format(Locale.ROOT, "%.0f %%", p)
                : p >= 1 ? String.format(Locale.ROOT, "%.1f %%", p) : String.format(Locale.ROOT, "%.2f %%", p);
    }

    private double share(long n) {
        return accepted == 0 ? 0 : (double) n / accepted;
    }
}
