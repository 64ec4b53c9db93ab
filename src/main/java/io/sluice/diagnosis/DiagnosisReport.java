package io.sluice.diagnosis;

import io.sluice.history.FlowEventKind;
import io.sluice.lifecycle.DeliveryState;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * A delivery's diagnosis, built from the campaign database ({@link ReportLoader}: NmsDelivery, NmsBroadLogRcp — one
 * row per message, holding its last failure —, NmsBroadLogMsg and SluiceFlowEvent) and judged by
 * {@link VerdictRules}. An immutable value: render it with {@link TextReport} or {@link HtmlReport}.
 */
public final class DiagnosisReport {

    /** How one failure counts (the flow-control classes, from the stored reply text and failure reason). */
    public enum ErrorClass {
        DEFERRAL("deferral (4xx)"), CONNECTION("connection"), POLICY("policy block (5xx)"),
        HARD("hard (5xx recipient)"), INTERNAL("internal (ours)");

        public final String label;

        ErrorClass(String label) {
            this.label = label;
        }
    }

    public enum Verdict {
        /** A provider refused the sender's authentication (SPF, DKIM, DMARC): {@link AuthenticationVerdict}. */
        AUTHENTICATION("AUTHENTICATION problem"),
        SENDER_SIDE("SENDER-SIDE problem"), DOMAIN_SPECIFIC("DOMAIN-SPECIFIC deliverability problem"),
        HEALTHY("HEALTHY");

        public final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** A reply text and how many rows hold it as their last failure. */
    public record Reply(String text, ErrorClass errorClass, long count) {
    }

    /** A stored flow-control event (a row of SluiceFlowEvent; {@code domain} null for the sender's). */
    public record Event(Instant at, String domain, String kind, String fromState, String toState, Double fromRate,
                        Double toRate, String cause, Instant until) {

        /** A rate change within a state: it moves no state boundary. */
        public boolean rateOnly() {
            return FlowEventKind.RATE.name().equals(kind);
        }

        public String sentence() {
            if (FlowEventKind.SENDER.name().equals(kind)) {
                return "sender " + fromState + " -> " + toState + ": " + cause;
            }
            String rates = fromRate == null ? "" : " rate " + ReportFormat.rate(fromRate) + " -> "
                    + ReportFormat.rate(toRate) + " msg/s";
            return domain + " " + (rateOnly() ? "in " + toState : fromState + " -> " + toState)
                    + (until == null ? "" : " until " + until) + rates + (cause == null ? "" : " " + cause);
        }
    }

    /** The delivery's totals over its domains. */
    public record Totals(long attempts, long sent, long failed, long pending, long queuedByFlowControl,
                         long endedBySluice) {

        /** "120 attempts, 100 sent, 20 failed, 5 pending (3 queued by flow control)[, 7 ended by Sluice itself]". */
        public String sentence() {
            return String.format(Locale.ROOT, "%,d attempts, %,d sent, %,d failed, %,d pending (%,d queued by flow"
                    + " control)", attempts, sent, failed, pending, queuedByFlowControl)
                    + (endedBySluice == 0 ? "" : String.format(Locale.ROOT, ", %,d ended by Sluice itself", endedBySluice));
        }
    }

    /**
     * One domain's figures. Attempts = sent + failed + retries so far (each row's iRetry soft failures), or the
     * attempts of SluiceAttemptLog when more (then the errors and replies are those of every attempt); rows Sluice
     * ended itself ({@link SluiceEnding}) are neither failed nor attempts, only their retries count. Immutable;
     * a class with final fields rather than a record so that callers keep reading {@code line.sent}.
     */
    public static final class DomainLine {
        public final String domain;
        public final long sent;
        /** Failed by the sending (the domain's answer, a connection failure, an internal error). */
        public final long failed;
        public final long pending;
        public final long queuedByFlowControl;
        public final long retries;
        /**
         * Failures by class: of every attempt when the delivery's attempts are logged ({@link AttemptLogCounts}), with
         * the rows' last failures as a floor; else the rows' last failure (sent rows and rows queued by Sluice itself
         * excluded).
         */
        public final Map<ErrorClass, Long> errors;
        /** The most frequent failure replies (over every attempt when logged), most frequent first. */
        public final List<Reply> replies;
        /** Time spent in each held-back state during the report's period (states never entered absent). */
        public final Map<HeldState, Duration> heldBack;
        /** The domain's flow-control events of the period, oldest first. */
        public final List<Event> events;
        /** Rows Sluice ended itself, without an answer of the domain, by why (none absent). */
        public final Map<SluiceEnding, Long> endedBySluice;

        /** Attempts counted one by one in SluiceAttemptLog ({@link AttemptLogCounts}); 0 without an attempt log. */
        public final long loggedAttempts;

        DomainLine(String domain, long sent, long failed, long pending, long queuedByFlowControl, long retries,
                   Map<ErrorClass, Long> errors, List<Reply> replies, Map<HeldState, Duration> heldBack,
                   List<Event> events, Map<SluiceEnding, Long> endedBySluice) {
            this(domain, sent, failed, pending, queuedByFlowControl, retries, errors, replies, heldBack, events,
                    endedBySluice, 0);
        }

        DomainLine(String domain, long sent, long failed, long pending, long queuedByFlowControl, long retries,
                   Map<ErrorClass, Long> errors, List<Reply> replies, Map<HeldState, Duration> heldBack,
                   List<Event> events, Map<SluiceEnding, Long> endedBySluice, long loggedAttempts) {
            this.loggedAttempts = loggedAttempts;
            this.domain = domain;
            this.sent = sent;
            this.failed = failed;
            this.pending = pending;
            this.queuedByFlowControl = queuedByFlowControl;
            this.retries = retries;
            this.errors = errors.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(errors));
            this.replies = List.copyOf(replies);
            this.heldBack = heldBack.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(heldBack));
            this.events = List.copyOf(events);
            this.endedBySluice = endedBySluice.isEmpty() ? Map.of()
                    : Collections.unmodifiableMap(new EnumMap<>(endedBySluice));
        }

        /** Sent + failed + retries, or the attempts logged one by one when there were more. */
        public long attempts() {
            return Math.max(sent + failed + retries, loggedAttempts);
        }

        public long endedBySluice() {
            return endedBySluice.values().stream().mapToLong(Long::longValue).sum();
        }

        public long errors(ErrorClass c) {
            return errors.getOrDefault(c, 0L);
        }

        /** Deferrals, connection failures and policy blocks: what flow control holds against a domain. */
        public long bad() {
            return errors(ErrorClass.DEFERRAL) + errors(ErrorClass.CONNECTION) + errors(ErrorClass.POLICY);
        }

        public Duration held(HeldState state) {
            return heldBack.getOrDefault(state, Duration.ZERO);
        }

        /** By the stored state name: zero for a state that holds nothing back. */
        public Duration held(String state) {
            HeldState s = HeldState.of(state);
            return s == null ? Duration.ZERO : held(s);
        }

        public boolean wasHeldBack() {
            return heldBack.values().stream().anyMatch(d -> !d.isZero())
                    || events.stream().anyMatch(e -> FlowEventKind.STATE.name().equals(e.kind())
                    && HeldState.of(e.toState()) != null);
        }
    }

    public final long deliveryId;
    public final String internalName;
    /** NmsDelivery.iState. */
    public final int state;
    public final Instant from;
    public final Instant to;
    /** Busiest first. */
    public final Map<String, DomainLine> domains;
    public final List<Event> senderEvents;
    public final Duration senderProblem;
    public final Map<String, Buckets> buckets;
    /** When the report was built (the caller's clock). */
    public final Instant generatedAt;
    public final Verdict verdict;
    /** The verdict as shown: its label, and for AUTHENTICATION the held sites ("AUTHENTICATION problem at google"). */
    public final String verdictLabel;
    public final List<String> reasons;
    /** The flow-control events of the period caused by an authentication reply, of any site. */
    public final List<Event> authenticationEvents;
    /** After the 250: bounces, complaints and auto-replies per domain, from the bounce mailbox. */
    public final FeedbackFigures feedback;
    /**
     * True when the figures count every attempt (SluiceAttemptLog, {@link AttemptLogCounts}); false when they come
     * from each message's last failure alone (a database or SQL directory older than the attempt log).
     */
    public final boolean everyAttempt;

    DiagnosisReport(long deliveryId, String internalName, int state, Timeline.Period period,
                    Map<String, DomainLine> domains, List<Event> senderEvents, Duration senderProblem,
                    Map<String, Buckets> buckets, Instant generatedAt, List<Event> authenticationEvents,
                    FeedbackFigures feedback, boolean everyAttempt) {
        this.everyAttempt = everyAttempt;
        this.deliveryId = deliveryId;
        this.internalName = internalName;
        this.state = state;
        this.from = period.from();
        this.to = period.to();
        this.domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
        this.senderEvents = List.copyOf(senderEvents);
        this.senderProblem = senderProblem;
        this.buckets = Map.copyOf(buckets);
        this.generatedAt = generatedAt;
        this.authenticationEvents = List.copyOf(authenticationEvents);
        this.feedback = Objects.requireNonNull(feedback);
        VerdictRules.Judgement judgement = AuthenticationVerdict.judge(this.authenticationEvents)
                .orElseGet(() -> VerdictRules.judge(this.domains.values(), this.senderEvents, senderProblem));
        this.verdict = judgement.verdict();
        this.verdictLabel = verdict == Verdict.AUTHENTICATION ? AuthenticationVerdict.label(this.authenticationEvents)
                : verdict.label;
        ComplaintRules.Findings complaints = ComplaintRules.judge(this.domains, feedback.domains().values());
        List<String> all = new ArrayList<>(complaints.causes());
        all.addAll(judgement.reasons());
        all.addAll(complaints.warnings());
        this.reasons = List.copyOf(all);
    }

    /**
     * Builds the report of a delivery with the shipped statements ({@link ReportSql#packaged()}).
     *
     * @param now the caller's clock: the end of the period of a delivery not Finished, and the report's time
     * @return empty when the delivery does not exist
     */
    public static Optional<DiagnosisReport> load(DataSource dataSource, long deliveryId, Instant now)
            throws SQLException {
        return load(dataSource, ReportSql.packaged(), deliveryId, now);
    }

    /** Builds the report of a delivery with the given statements (those of {@code sluice.sql.location}). */
    public static Optional<DiagnosisReport> load(DataSource dataSource, ReportSql sql, long deliveryId, Instant now)
            throws SQLException {
        return new ReportLoader(sql).load(dataSource, deliveryId, now);
    }

    /** "In progress (55)": the delivery states a report is usually asked about, by their Campaign label. */
    public String stateLabel() {
        DeliveryState s = DeliveryState.of(state);
        return switch (s) {
            case START_PENDING, IN_PROGRESS, FINISHED -> s.label() + " (" + state + ")";
            // still sending, as far as the reader is concerned
            case RECOVERY_IN_PROGRESS -> DeliveryState.IN_PROGRESS.label() + " (" + state + ")";
            default -> "state " + state;
        };
    }

    public long total(ToLongFunction<DomainLine> f) {
        return domains.values().stream().mapToLong(f).sum();
    }

    public Totals totals() {
        return new Totals(total(DomainLine::attempts), total(d -> d.sent), total(d -> d.failed), total(d -> d.pending),
                total(d -> d.queuedByFlowControl), total(DomainLine::endedBySluice));
    }

    public Duration duration() {
        return Duration.between(from, to);
    }
}
