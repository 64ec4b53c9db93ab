package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.diagnosis.DiagnosisReport.Event;
import io.sluice.diagnosis.DiagnosisReport.Totals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static io.sluice.diagnosis.ReportFormat.cut;
import static io.sluice.diagnosis.ReportFormat.human;

/** The report as plain text (the command's output and the JMX operation's answer). */
public final class TextReport {

    /** Domains listed, busiest first. */
    static final int MAX_DOMAINS = 50;
    /** Flow-control events listed: the latest. */
    static final int MAX_EVENTS = 40;
    /** Replies listed per domain. */
    static final int REPLIES_PER_DOMAIN = 3;

    private TextReport() {
    }

    public static String render(DiagnosisReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Delivery ").append(r.deliveryId).append(" (").append(r.internalName).append("), ")
                .append(r.stateLabel()).append(", ").append(r.from).append(" .. ").append(r.to).append(" (")
                .append(human(r.duration())).append(")\n");
        Totals t = r.totals();
        sb.append("Totals: ").append(t.sentence()).append('\n');
        sb.append("Attempts: ").append(badAttempts(r)).append('\n');
        sb.append("\nVerdict: ").append(r.verdictLabel).append('\n');
        for (String why : r.reasons) {
            sb.append("  - ").append(why).append('\n');
        }
        sb.append(r.everyAttempt ? "\nPer domain (every attempt logged; errors over all attempts):\n"
                : "\nPer domain (attempts = sent + failed + soft failures retried):\n");
        sb.append(String.format("  %-28s %9s %9s %8s %8s %8s %8s %8s %8s %8s %9s %9s%n", "domain", "attempts", "sent",
                "failed", "pending", "deferred", "connect", "policy", "hard", "internal", "backoff", "suspended"));
        List<DomainLine> lines = r.domains.values().stream().limit(MAX_DOMAINS).toList();
        for (DomainLine d : lines) {
            sb.append(String.format("  %-28s %9d %9d %8d %8d %8d %8d %8d %8d %8d %9s %9s%n", cut(d.domain, 28),
                    d.attempts(), d.sent, d.failed, d.pending, d.errors(ErrorClass.DEFERRAL),
                    d.errors(ErrorClass.CONNECTION), d.errors(ErrorClass.POLICY), d.errors(ErrorClass.HARD),
                    d.errors(ErrorClass.INTERNAL), held(d, HeldState.BACKOFF), held(d, HeldState.SUSPENDED)));
        }
        if (r.domains.size() > MAX_DOMAINS) {
            sb.append("  ... and ").append(r.domains.size() - MAX_DOMAINS).append(" more domains\n");
        }
        if (t.endedBySluice() > 0) {
            sb.append("\nEnded by Sluice itself (no answer of the domain; neither failures nor attempts):\n");
            for (DomainLine d : lines) {
                d.endedBySluice.forEach((ending, n) -> sb.append(String.format("  %-28s %7d x %s%n", cut(d.domain, 28),
                        n, ending.label)));
            }
        }
        feedback(sb, r.feedback);
        sb.append("\nTop replies (").append(repliesCounted(r)).append("):\n");
        boolean any = false;
        for (DomainLine d : lines) {
            for (DiagnosisReport.Reply reply : d.replies.stream().limit(REPLIES_PER_DOMAIN).toList()) {
                any = true;
                sb.append(String.format("  %-28s %7d x [%s] %s%n", cut(d.domain, 28), reply.count(),
                        reply.errorClass().label, cut(reply.text(), 160)));
            }
        }
        if (!any) {
            sb.append("  (none)\n");
        }
        sb.append("\nFlow-control events:\n");
        List<Event> events = new ArrayList<>(r.senderEvents);
        r.domains.values().forEach(d -> events.addAll(d.events));
        events.sort(Comparator.comparing(Event::at));
        if (events.isEmpty()) {
            sb.append("  (none recorded in SluiceFlowEvent for this period)\n");
        }
        int skip = Math.max(0, events.size() - MAX_EVENTS);
        if (skip > 0) {
            sb.append("  ... ").append(skip).append(" earlier event(s)\n");
        }
        for (Event e : events.subList(skip, events.size())) {
            sb.append("  ").append(e.at()).append("  ").append(cut(e.sentence(), 220)).append('\n');
        }
        if (!r.senderProblem.isZero()) {
            sb.append("Sender in SENDER_PROBLEM for ").append(human(r.senderProblem)).append('\n');
        }
        return sb.toString();
    }

    /** "After the 250": what the bounce mailbox matched to the delivery, per domain. */
    private static void feedback(StringBuilder sb, FeedbackFigures f) {
        sb.append("\nAfter the 250 (bounce mailbox; rates per message the domain accepted):\n");
        if (f.unavailable() != null) {
            sb.append("  (unavailable: ").append(f.unavailable()).append(")\n");
            return;
        }
        if (f.isEmpty()) {
            sb.append("  (no bounce, complaint or auto-reply matched this delivery)\n");
            return;
        }
        sb.append(String.format("  %-28s %9s %7s %7s %9s %10s %10s %12s%n", "domain", "accepted", "hard", "soft",
                "bounces", "complaints", "complaint", "auto-replies"));
        f.domains().values().stream().limit(MAX_DOMAINS).forEach(d -> sb.append(String.format(
                "  %-28s %9d %7d %7d %9s %10d %10s %12d%n", cut(d.domain(), 28), d.accepted(), d.hardBounces(),
                d.softBounces(), Feedback.percent(d.bounceRate()), d.complaints(), Feedback.percent(d.complaintRate()),
                d.autoReplies())));
    }

    /**
     * "77 of 317 attempts deferred/refused (every attempt, SluiceAttemptLog)": deferrals, connection failures and
     * policy blocks, as the verdict counts them, and where they were counted.
     */
    static String badAttempts(DiagnosisReport r) {
        return String.format(Locale.ROOT, "%,d of %,d attempts deferred/refused (%s)", r.total(DomainLine::bad),
                r.total(DomainLine::attempts), r.everyAttempt ? "every attempt, SluiceAttemptLog"
                        : "each message's last failure only: no attempt logged in SluiceAttemptLog");
    }

    /** What the top replies count: every attempt, or each message's last failure. */
    static String repliesCounted(DiagnosisReport r) {
        return r.everyAttempt ? "over all attempts" : "the last failure of each message";
    }

    private static String held(DomainLine d, HeldState state) {
        Duration t = d.held(state);
        return t.isZero() ? "-" : human(t);
    }

}
