package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.Event;
import io.sluice.flowcontrol.FlowEvent;
import io.sluice.history.FlowEventKind;

import com.github.mustachejava.Mustache;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A self-contained HTML page of timelines drawn as the report draws them ({@link TimelineChart}, the partials
 * {@code timeline.mustache} and {@code legend.mustache}) for flow-control runs that are not in the database: the
 * {@code simulate} command's policies side by side.
 */
public final class TimelinePage {

    static final String TEMPLATE = "io/sluice/diagnosis/timelines.html.mustache";
    private static final Mustache PAGE = HtmlReport.compile(TEMPLATE);

    /**
     * One timeline: sent and deferred/refused messages per slice of {@code width} from {@code start}, and the
     * flow-control events (their rates draw the rate line, their states the bands).
     */
    public record Lane(String title, String summary, Instant start, Duration width, long[] sent, long[] bad,
                      List<FlowEvent> events) {
        public Lane {
            Objects.requireNonNull(title);
            sent = sent.clone();
            bad = bad.clone();
            events = List.copyOf(events);
        }
    }

    record Block(String title, String summary, TimelineChart.Chart chart) {
    }

    record Page(String title, List<String> lines, List<Block> lanes) {
    }

    private TimelinePage() {
    }

    /** The page: a title, a few lines of text, then each lane's timeline over {@code from} .. {@code to}. */
    public static String render(String title, List<String> lines, Instant from, Instant to, List<Lane> lanes) {
        TimelineChart chart = new TimelineChart(from, to);
        List<Block> blocks = lanes.stream().map(l -> new Block(l.title(), l.summary(), chart.draw(
                new Buckets(l.start(), l.width(), l.sent(), l.bad()), l.events().stream().map(TimelinePage::event)
                        .toList()))).toList();
        StringWriter out = new StringWriter(16_384);
        PAGE.execute(out, new Page(title, List.copyOf(lines), blocks));
        return out.toString();
    }

    /** A flow-control event as the report stores it (SluiceFlowEvent's columns, FlowEventStore's mapping). */
    static Event event(FlowEvent e) {
        if (e instanceof FlowEvent.StateTransitioned t) {
            return new Event(t.at(), t.key(), FlowEventKind.STATE.name(), t.fromState().name(), t.toState().name(),
                    t.fromRate(), t.toRate(), t.cause(), t.until());
        }
        if (e instanceof FlowEvent.RateChanged r) {
            return new Event(r.at(), r.key(), FlowEventKind.RATE.name(), r.state().name(), r.state().name(),
                    r.fromRate(), r.toRate(), r.cause(), null);
        }
        FlowEvent.SenderStateChanged s = (FlowEvent.SenderStateChanged) e;
        return new Event(s.at(), null, FlowEventKind.SENDER.name(), s.transition().getFromState().name(),
                s.transition().getToState().name(), null, null, s.reason(), null);
    }
}
