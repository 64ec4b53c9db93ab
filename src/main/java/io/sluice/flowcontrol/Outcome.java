package io.sluice.flowcontrol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of one delivery attempt, as counted in {@link WindowCounts}. {@link #ofReply(String)}
 * classifies an SMTP reply; connection and internal failures have no reply and are chosen by the caller.
 */
public enum Outcome {
    /** 2xx. */
    ACCEPTED,
    /** 4xx: temporary refusal or throttling. Counts against the rate. */
    DEFERRAL,
    /** No usable SMTP session: connect, TLS, handshake failure or timeout. Counts against the rate. */
    CONNECTION_FAILURE,
    /** 5xx about the recipient (5.1.1 unknown user, mailbox full...). Never slows a domain down. */
    HARD_FAILURE,
    /** 5xx policy or reputation block (5.7.x spam / rate / blocked, blocklists). Counts against the rate. */
    POLICY_FAILURE,
    /** Our own failure (database, template, local relay). Never held against a domain. */
    INTERNAL_FAILURE;

    private static final Pattern REPLY = Pattern.compile("^\\s*([2-5])\\d\\d(?:[ -]+([245])\\.(\\d{1,3})\\.\\d{1,3})?");
    private static final Pattern POLICY_TEXT = Pattern.compile("(?i)\\b(spam\\w*|block\\w*|blacklist\\w*|listed|"
            + "reputation|policy|rate|rate-limit\\w*|too many|complain\\w*|abuse|unsolicited|throttl\\w*|dnsbl|rbl)\\b");
    private static final Pattern BLOCKLIST_TEXT = Pattern.compile("(?i)\\b(spamhaus|blocklist\\w*|blacklist\\w*|dnsbl|rbl"
            + "|listed at|listed by|listed on)\\b");

    /**
     * Classifies a reply "code [enhanced] text": 2xx accepted; 4xx deferral; 5xx a policy failure when its
     * enhanced code is 5.7.x and its text speaks of spam, rate, blocks or reputation, or when any 5xx names a
     * blocklist; other 5xx hard failures.
     *
     * @throws IllegalArgumentException when the reply does not start with a 2xx-5xx code
     */
    public static Outcome ofReply(String reply) {
        Matcher m = reply == null ? null : REPLY.matcher(reply);
        if (m == null || !m.find()) {
            throw new IllegalArgumentException("reply must start with an SMTP code, was " + reply);
        }
        switch (m.group(1)) {
            case "2":
                return ACCEPTED;
            case "4":
                return DEFERRAL;
            case "5":
                boolean policyText = POLICY_TEXT.matcher(reply).find();
                boolean enhanced57 = "7".equals(m.group(3));
                boolean blocklist = BLOCKLIST_TEXT.matcher(reply).find();
                return (enhanced57 && policyText) || blocklist ? POLICY_FAILURE : HARD_FAILURE;
            default:
                // 3xx mid-transaction is not a final outcome
                throw new IllegalArgumentException("reply must be a final 2xx-5xx reply, was " + reply);
        }
    }
}
