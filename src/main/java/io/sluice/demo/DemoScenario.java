package io.sluice.demo;

import java.util.List;

/**
 * The simulated receiving domains of the demo and how many recipients each gets. Kept as data so the demo,
 * its README description and its test agree.
 */
public final class DemoScenario {

    /** A receiving domain of the demo. */
    public record DemoDomain(String name, String behaviour, int recipients) {
    }

    public static final List<DemoDomain> DOMAINS = List.of(
            new DemoDomain("inbox.demo", "accepts everything", 1200),
            new DemoDomain("mail.demo", "accepts everything", 800),
            new DemoDomain("strict.demo", "550 5.1.1 for unknown mailboxes (every 5th), accepts the rest", 400),
            new DemoDomain("busy.demo", "defers with 421 4.7.0 Try again later for 20 s, then accepts", 200),
            new DemoDomain("blocked.demo", "rejects with 554 5.7.1 policy block", 150),
            new DemoDomain("down.demo", "refuses connections (nothing listens)", 100));

    /** Malformed addresses mixed into the target: they must end Failed with a reason, never be sent. */
    public static final List<String> MALFORMED = List.of(
            "", "no-at-sign.demo", "two@@inbox.demo", "spaces in@inbox.demo", "a@", "@inbox.demo",
            "trailing.dot.@inbox.demo", "x@bad_domain.demo", "hdr@inbox.demo\r\nBcc: victim@inbox.demo");

    /** When busy.demo starts accepting again. */
    public static final java.time.Duration BUSY_HEALS_AFTER = java.time.Duration.ofSeconds(20);

    /** Validity of the demo delivery: what is still pending then ends Failed (Campaign's rule). */
    public static final java.time.Duration VALIDITY = java.time.Duration.ofSeconds(75);

    private DemoScenario() {
    }

    public static int total() {
        return DOMAINS.stream().mapToInt(DemoDomain::recipients).sum() + MALFORMED.size();
    }
}
