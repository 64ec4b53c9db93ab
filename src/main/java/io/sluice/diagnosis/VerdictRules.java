package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.diagnosis.DiagnosisReport.Event;
import io.sluice.diagnosis.DiagnosisReport.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.sluice.diagnosis.ReportFormat.human;
import static io.sluice.diagnosis.ReportFormat.names;
import static io.sluice.diagnosis.ReportFormat.pct;
import static io.sluice.diagnosis.ReportFormat.share;

/**
 * The verdict and the reasons for it, in this order:
 * <ol>
 *   <li>SENDER-SIDE when any of: the sender entered SENDER_PROBLEM; internal failures are at least
 *       {@link #INTERNAL_SHARE_OF_ATTEMPTS} of all attempts; at least {@link #OWN_SIDE_SHARE_OF_DOMAINS} of the
 *       active domains (and at least {@link #MIN_DOMAINS_FOR_OWN_SIDE}) each have {@link #OWN_SIDE_SHARE_OF_DOMAIN}
 *       or more connection or internal failures — the same failure everywhere is ours, not the receivers'.</li>
 *   <li>DOMAIN-SPECIFIC otherwise, naming the domains held back by flow control or with at least
 *       {@link #TROUBLED_SHARE_OF_DOMAIN} deferrals, connection failures and policy blocks.</li>
 *   <li>HEALTHY when neither.</li>
 * </ol>
 * A domain is active when it has attempts. Rows Sluice ended itself ({@link SluiceEnding}: validity, stop, rows
 * added late) are no answer of their domain: they count against none, and a last reason says how many there were.
 */
final class VerdictRules {

    /** Share of all attempts failing inside Sluice (database, broker, template, relay) that blames the sender. */
    static final double INTERNAL_SHARE_OF_ATTEMPTS = 0.3;
    /** Share of a domain's attempts failing to connect or inside Sluice that makes it look like our own side. */
    static final double OWN_SIDE_SHARE_OF_DOMAIN = 0.3;
    /** Share of the active domains looking like our own side that blames the sender. */
    static final double OWN_SIDE_SHARE_OF_DOMAINS = 0.5;
    /** One domain alone failing to connect is that domain's problem, whatever its share. */
    static final int MIN_DOMAINS_FOR_OWN_SIDE = 2;
    /** Share of a domain's attempts deferred, refused by policy or failing to connect that makes it troubled. */
    static final double TROUBLED_SHARE_OF_DOMAIN = 0.2;
    /** Domains named in a reason before "and N more". */
    static final int MAX_NAMED_DOMAINS = 8;
    /** Replies quoted per troubled domain. */
    static final int REPLIES_PER_DOMAIN = 2;

    /** The verdict and its reasons, most telling first. */
    record Judgement(Verdict verdict, List<String> reasons) {
        Judgement {
            reasons = List.copyOf(reasons);
        }
    }

    private VerdictRules() {
    }

    static Judgement judge(Collection<DomainLine> domains, List<Event> senderEvents, Duration senderProblem) {
        Judgement j = judgeDomains(domains, senderEvents, senderProblem);
        String ended = endedBySluice(domains);
        if (ended == null) {
            return j;
        }
        List<String> why = new ArrayList<>(j.reasons());
        why.add(ended);
        return new Judgement(j.verdict(), why);
    }

    private static Judgement judgeDomains(Collection<DomainLine> domains, List<Event> senderEvents,
                                          Duration senderProblem) {
        List<DomainLine> active = domains.stream().filter(d -> d.attempts() > 0).toList();
        List<String> why = senderSide(active, senderEvents, senderProblem);
        if (!why.isEmpty()) {
            why.add("look at Sluice itself and its network (database, broker, relay, DNS, firewall), not the receivers");
            return new Judgement(Verdict.SENDER_SIDE, why);
        }
        List<DomainLine> troubled = troubled(domains, active);
        if (!troubled.isEmpty()) {
            for (DomainLine d : troubled) {
                why.add(troubleOf(d));
            }
            why.add(troubled.size() + " of " + Math.max(active.size(), troubled.size()) + " domains affected: the"
                    + " receivers' side (reputation, volume, their limits); the other domains were served normally");
            return new Judgement(Verdict.DOMAIN_SPECIFIC, why);
        }
        why.add(active.isEmpty() ? "nothing attempted yet" : "no sender problem, no domain held back, errors under "
                + share(TROUBLED_SHARE_OF_DOMAIN) + " everywhere");
        return new Judgement(Verdict.HEALTHY, why);
    }

    /** "100 messages ended by Sluice itself, ...: 40 validity ended, 20 delivery stopped"; null when none. */
    private static String endedBySluice(Collection<DomainLine> domains) {
        Map<SluiceEnding, Long> ended = new EnumMap<>(SluiceEnding.class);
        domains.forEach(d -> d.endedBySluice.forEach((e, n) -> ended.merge(e, n, Long::sum)));
        long total = ended.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        return total + " messages ended by Sluice itself, not by their domains (held against none): " + ended
                .entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label).collect(Collectors.joining(", "));
    }

    /** The reasons to blame the sender; none when there is no reason to. */
    private static List<String> senderSide(List<DomainLine> active, List<Event> senderEvents, Duration senderProblem) {
        List<String> why = new ArrayList<>();
        List<Event> problems = senderEvents.stream().filter(e -> HeldState.SENDER_PROBLEM.equals(e.toState())).toList();
        if (!problems.isEmpty()) {
            why.add("the sender entered SENDER_PROBLEM " + problems.size() + " time(s) (" + human(senderProblem)
                    + " in all): " + problems.get(0).cause());
        }
        long attempts = active.stream().mapToLong(DomainLine::attempts).sum();
        long internal = active.stream().mapToLong(d -> d.errors(ErrorClass.INTERNAL)).sum();
        if (attempts > 0 && internal >= INTERNAL_SHARE_OF_ATTEMPTS * attempts) {
            why.add(internal + " of " + attempts + " attempts (" + pct(internal, attempts)
                    + ") failed inside Sluice (internal errors: database, broker, template, relay)");
        }
        List<DomainLine> ownSide = active.stream().filter(d -> d.errors(ErrorClass.CONNECTION)
                + d.errors(ErrorClass.INTERNAL) >= OWN_SIDE_SHARE_OF_DOMAIN * d.attempts()).toList();
        if (active.size() >= MIN_DOMAINS_FOR_OWN_SIDE && ownSide.size() >= OWN_SIDE_SHARE_OF_DOMAINS * active.size()) {
            why.add(ownSide.size() + " of " + active.size() + " domains have " + share(OWN_SIDE_SHARE_OF_DOMAIN)
                    + " or more connection or internal failures: " + names(ownSide, MAX_NAMED_DOMAINS));
        }
        return why;
    }

    /**
     * The active domains held back or with too many failures held against them, most such failures first, then
     * the domains held back without any attempt in the period (they still held mail back).
     */
    private static List<DomainLine> troubled(Collection<DomainLine> domains, List<DomainLine> active) {
        List<DomainLine> troubled = new ArrayList<>(active.stream()
                .filter(d -> d.wasHeldBack() || (d.bad() > 0 && d.bad() >= TROUBLED_SHARE_OF_DOMAIN * d.attempts()))
                .sorted(Comparator.comparingLong(DomainLine::bad).reversed()).toList());
        domains.stream().filter(d -> d.attempts() == 0 && d.wasHeldBack() && !troubled.contains(d))
                .forEach(troubled::add);
        return troubled;
    }

    /** "yahoo.com: 40 of 75 attempts deferred/refused, 25m00s in SUSPENDED; "421 ..." x40". */
    private static String troubleOf(DomainLine d) {
        StringBuilder sb = new StringBuilder(d.domain).append(": ").append(d.bad()).append(" of ")
                .append(d.attempts()).append(" attempts deferred/refused");
        for (HeldState s : HeldState.values()) {
            if (!d.held(s).isZero()) {
                sb.append(", ").append(human(d.held(s))).append(" in ").append(s);
            }
        }
        d.replies.stream().filter(r -> r.errorClass() != ErrorClass.HARD).limit(REPLIES_PER_DOMAIN).forEach(r ->
                sb.append("; \"").append(r.text()).append("\" x").append(r.count()));
        if (d.replies.isEmpty()) {
            d.events.stream().filter(e -> e.cause() != null).reduce((a, b) -> b)
                    .ifPresent(e -> sb.append("; ").append(e.cause()));
        }
        return sb.toString();
    }
}
