package io.sluice.diagnosis;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.sluice.diagnosis.ReportFormat.human;

/**
 * The report as one self-contained HTML page (no script, no external resource: the network may be closed), from
 * the template {@code io/sluice/diagnosis/report.html.mustache}: verdict, per-domain table, top replies, and per
 * domain a timeline drawn as inline SVG ({@link TimelineChart}) — sent (green) and deferred/refused (red) attempts
 * per time slice (every attempt when logged in SluiceAttemptLog, else each message by the time of its last
 * attempt), the flow-control rate (blue step line, right axis) and the time held back (bands: BACKOFF orange, PROBING
 * yellow, SUSPENDED red).
 */
public final class HtmlReport {

    static final String TEMPLATE = "io/sluice/diagnosis/report.html.mustache";
    /** Domains with a timeline: the troubled ones first. */
    static final int MAX_CHARTS = 20;
    /** Rows of the per-domain table, busiest first. */
    static final int MAX_TABLE_ROWS = 200;
    /** Replies listed per domain. */
    static final int REPLIES_PER_DOMAIN = 3;

    private static final Mustache PAGE = compile();

    private HtmlReport() {
    }

    /** What the template shows, in its order. */
    public record Page(long deliveryId, String internalName, String stateLabel, String from, String to,
                       String duration, String totals, String verdict, String verdictLabel, List<String> reasons,
                       List<String> columns, List<DomainRow> domainRows, List<FeedbackRow> feedbackRows,
                       String feedbackNote, List<ReplyRow> replyRows, List<TimelineBlock> timelines,
                       String generatedAt, String badAttempts, String repliesCounted, String replyUnit) {
    }

    /** A row of the "after the 250" table; {@code alarm} is the CSS class of its complaint rate (empty when fine). */
    public record FeedbackRow(String domain, long accepted, long hard, long soft, String bounceRate, long complaints,
                              String complaintRate, String alarm, long autoReplies) {
    }

    /** A row of the per-domain table: the domain and its formatted cells. */
    public record DomainRow(String domain, List<String> cells) {
    }

    public record ReplyRow(String domain, long count, String errorClass, String text) {
    }

    /** A timeline with its title, and a domain's flow-control events under it (null for none). */
    public record TimelineBlock(String title, TimelineChart.Chart chart, EventList details) {
    }

    public record EventList(int count, List<EventLine> events) {
    }

    public record EventLine(String at, String sentence) {
    }

    public static String render(DiagnosisReport r) {
        StringWriter out = new StringWriter(16_384);
        PAGE.execute(out, page(r));
        return out.toString();
    }

    static Page page(DiagnosisReport r) {
        String totals = r.totals().sentence();
        List<String> columns = Stream.concat(Arrays.stream(ErrorClass.values()).map(c -> c.label),
                Arrays.stream(HeldState.values()).map(Enum::name)).toList();
        List<DomainRow> rows = r.domains.values().stream().limit(MAX_TABLE_ROWS).map(HtmlReport::row).toList();
        List<ReplyRow> replies = r.domains.values().stream().flatMap(d -> d.replies.stream().limit(REPLIES_PER_DOMAIN)
                .map(reply -> new ReplyRow(d.domain, reply.count(), reply.errorClass().label, reply.text()))).toList();
        List<FeedbackRow> feedback = r.feedback.domains().values().stream().limit(MAX_TABLE_ROWS)
                .map(HtmlReport::feedbackRow).toList();
        String feedbackNote = r.feedback.unavailable() != null ? "Unavailable: " + r.feedback.unavailable()
                : feedback.isEmpty() ? "No bounce, complaint or auto-reply matched this delivery." : null;
        return new Page(r.deliveryId, r.internalName, r.stateLabel(), r.from.toString(), r.to.toString(),
                human(r.duration()), totals, r.verdict.name(), r.verdictLabel, r.reasons, columns, rows, feedback,
                feedbackNote, replies, timelines(r), r.generatedAt.toString(), TextReport.badAttempts(r),
                TextReport.repliesCounted(r), r.everyAttempt ? "attempts" : "messages");
    }

    private static FeedbackRow feedbackRow(Feedback f) {
        double rate = f.complaintRate();
        String alarm = f.complaints() == 0 ? "" : rate >= ComplaintRules.THROTTLING_RATE ? "cause"
                : rate >= ComplaintRules.WARNING_RATE ? "warning" : "";
        return new FeedbackRow(f.domain(), f.accepted(), f.hardBounces(), f.softBounces(),
                Feedback.percent(f.bounceRate()), f.complaints(), Feedback.percent(rate), alarm, f.autoReplies());
    }

    private static DomainRow row(DomainLine d) {
        List<String> cells = new ArrayList<>();
        Stream.of(d.attempts(), d.sent, d.failed, d.pending, d.queuedByFlowControl).map(String::valueOf).forEach(cells::add);
        Arrays.stream(ErrorClass.values()).map(c -> String.valueOf(d.errors(c))).forEach(cells::add);
        Arrays.stream(HeldState.values()).map(s -> d.held(s).isZero() ? "-" : human(d.held(s))).forEach(cells::add);
        return new DomainRow(d.domain, cells);
    }

    /** The sender's timeline when it has events, then those of the troubled domains, then of the others. */
    private static List<TimelineBlock> timelines(DiagnosisReport r) {
        TimelineChart chart = new TimelineChart(r.from, r.to);
        List<TimelineBlock> blocks = new ArrayList<>();
        if (!r.senderEvents.isEmpty()) {
            blocks.add(new TimelineBlock("sender", chart.draw(null, r.senderEvents), null));
        }
        r.domains.values().stream()
                .sorted((a, b) -> Boolean.compare(b.wasHeldBack() || b.bad() > 0, a.wasHeldBack() || a.bad() > 0))
                .limit(MAX_CHARTS)
                .forEach(d -> blocks.add(new TimelineBlock(d.domain, chart.draw(r.buckets.get(d.domain), d.events),
                        d.events.isEmpty() ? null : new EventList(d.events.size(), d.events.stream()
                                .map(e -> new EventLine(e.at().toString(), e.sentence())).toList()))));
        return blocks;
    }

    /** Read through this class's loader, not mustache's resolver: in Karaf only our bundle sees the template. */
    private static Mustache compile() {
        return compile(TEMPLATE);
    }

    /** A page template of this package, with its partials. */
    static Mustache compile(String template) {
        EscapingFactory factory = new EscapingFactory();
        try (java.io.Reader in = factory.getReader(template)) {
            return factory.compile(in, template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Mustache escaping the five characters that matter in HTML text and attribute values, and no others; partials
     * ({@code {{> timeline}}}) read through this class's loader, as the pages are.
     */
    static final class EscapingFactory extends DefaultMustacheFactory {

        @Override
        public java.io.Reader getReader(String resourceName) {
            InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(resourceName);
            if (in == null) {
                throw new IllegalStateException("no " + resourceName + " on the classpath");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(escape(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
