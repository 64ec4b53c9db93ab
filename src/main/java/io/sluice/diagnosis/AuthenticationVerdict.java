package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.Event;
import io.sluice.diagnosis.DiagnosisReport.Verdict;
import io.sluice.flowcontrol.ReplyRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AUTHENTICATION verdict: a provider refused the sender's mail for its authentication (a reply of a
 * {@code class: authentication} rule of domains.yaml), so flow control held that site. It comes before every other
 * verdict: no rate, reputation or network change helps until the sender's DNS is fixed, and the fix is known.
 *
 * <p>Read from the flow history, not from the rows: the held site is named there (an MX rollup such as "google",
 * whose rows carry their own domains), and the rows that got the reply are parked and requeued meanwhile, so their last
 * message soon says "Messages queued (dynamic flow control)" instead of the reply.
 */
final class AuthenticationVerdict {

    /** What to check, in the order a sender usually finds the fault. */
    static final List<String> FIXES = List.of(
            "to fix SPF: the From (and envelope) domain's SPF record must include every IP address Sluice sends from",
            "to fix DKIM: publish the selector's TXT record (<selector>._domainkey.<From domain>) with the public key of"
                    + " the configured private key",
            "to fix DMARC: publish a record at _dmarc.<From domain> (p=none is enough to start)",
            "to fix alignment: the From domain must be the SPF (envelope) domain or the DKIM d= domain");

    private AuthenticationVerdict() {
    }

    /** True for a flow-control event caused by an authentication reply. */
    static boolean isAuthentication(Event e) {
        return e.cause() != null && e.cause().contains(ReplyRule.AUTHENTICATION_FAILURE);
    }

    /** @return empty when no event of the report's period was caused by an authentication reply */
    static Optional<VerdictRules.Judgement> judge(List<Event> events) {
        Map<String, Event> latest = latestBySite(events);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        List<String> why = new ArrayList<>();
        latest.forEach((site, e) -> why.add(site + " refused the sender's authentication and was held (" + e.toState()
                + (e.until() == null ? "" : " until " + e.until()) + "): " + reply(e.cause())));
        why.addAll(FIXES);
        why.add("no recipient was failed for it: the rows are retried once the fix is in (and the held mail is sent)");
        return Optional.of(new VerdictRules.Judgement(Verdict.AUTHENTICATION, why));
    }

    /** "AUTHENTICATION problem at google, microsoft". */
    static String label(List<Event> events) {
        return Verdict.AUTHENTICATION.label + " at " + String.join(", ", latestBySite(events).keySet());
    }

    private static Map<String, Event> latestBySite(List<Event> events) {
        Map<String, Event> latest = new LinkedHashMap<>();
        events.stream().filter(AuthenticationVerdict::isAuthentication).filter(e -> e.domain() != null)
                .forEach(e -> latest.put(e.domain(), e));
        return latest;
    }

    /** The quoted reply of the cause ('rule X matched "550 5.7.26 ..."'), or the whole cause. */
    private static String reply(String cause) {
        int first = cause.indexOf('"');
        int last = cause.lastIndexOf('"');
        return first >= 0 && last > first ? cause.substring(first, last + 1) : cause;
    }
}
