package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.sluice.diagnosis.ReportFormat.human;

/**
 * The geometry of one timeline, drawn as inline SVG by the page's template: the time held back as bands, the sent
 * and deferred/refused rows per time slice as stacked bars (left axis), the flow-control rate as a step line (right
 * axis). Coordinates are in pixels, formatted with one decimal.
 */
final class TimelineChart {

    static final int WIDTH = 760;
    static final int HEIGHT = 160;
    static final int LEFT = 50;
    static final int RIGHT = 50;
    static final int TOP = 10;
    static final int BOTTOM = 25;
    static final String SENT_COLOR = "#2a2";
    static final String BAD_COLOR = "#d33";

    /** A coloured rectangle; {@code state} names a band's state (its CSS class and tooltip), null for a bar. */
    public record Rect(String state, String x, String y, String width, String height, String color) {
    }

    /** A text at a point, anchored start, middle or end. */
    public record Label(String x, String y, String text, String anchor) {
    }

    /** The timeline: what the template draws, in the order it draws it. */
    public record Chart(int width, int height, List<Rect> bands, List<Rect> bars, String ratePoints,
                        List<Label> rateLabels, int left, int top, int right, String axisY, List<Label> countLabels,
                        List<Label> timeLabels) {
    }

    private final Instant from;
    private final Instant to;
    private final long span;
    private final double plotWidth = WIDTH - LEFT - RIGHT;
    private final double plotHeight = HEIGHT - TOP - BOTTOM;

    TimelineChart(Instant from, Instant to) {
        this.from = from;
        this.to = to;
        this.span = Math.max(1, Duration.between(from, to).toMillis());
    }

    /** One domain's (or, without buckets, the sender's) timeline. */
    Chart draw(Buckets buckets, List<Event> events) {
        List<Rect> bands = new ArrayList<>();
        for (Timeline.Span s : Timeline.spans(events, from, to)) {
            band(s).ifPresent(bands::add);
        }
        List<Rect> bars = new ArrayList<>();
        List<Label> countLabels = new ArrayList<>();
        if (buckets != null) {
            long max = bars(buckets, bars);
            countLabels.add(label(LEFT - 4, TOP + 10, String.valueOf(max), "end"));
            countLabels.add(label(LEFT - 4, TOP + plotHeight, "0", "end"));
        }
        double maxRate = events.stream().mapToDouble(e -> Math.max(nz(e.fromRate()), nz(e.toRate()))).max().orElse(0);
        String points = null;
        List<Label> rateLabels = new ArrayList<>();
        if (maxRate > 0) {
            points = rateLine(events, maxRate);
            rateLabels.add(label(WIDTH - RIGHT + 4, TOP + 10, ReportFormat.rate(maxRate) + "/s", "start"));
            rateLabels.add(label(WIDTH - RIGHT + 4, TOP + plotHeight, "0", "start"));
        }
        List<Label> timeLabels = List.of(label(LEFT, HEIGHT - 6, "+0s", "start"),
                label(LEFT + plotWidth / 2, HEIGHT - 6, "+" + human(Duration.ofMillis(span / 2)), "middle"),
                label(WIDTH - RIGHT, HEIGHT - 6, "+" + human(Duration.ofMillis(span)), "end"));
        return new Chart(WIDTH, HEIGHT, bands, bars, points, rateLabels, LEFT, TOP, WIDTH - RIGHT,
                f(TOP + plotHeight), countLabels, timeLabels);
    }

    /** The band of a span held back (or of the sender's problem), if it has a width. */
    private Optional<Rect> band(Timeline.Span s) {
        HeldState held = HeldState.of(s.state());
        if (held == null && !HeldState.SENDER_PROBLEM.equals(s.state())) {
            return Optional.empty();
        }
        double x1 = x(Math.max(0, Duration.between(from, s.from()).toMillis()));
        double x2 = x(Math.min(span, Duration.between(from, s.to()).toMillis()));
        if (x2 <= x1) {
            return Optional.empty();
        }
        String color = held == null ? HeldState.SENDER_PROBLEM_COLOR : held.bandColor();
        return Optional.of(new Rect(s.state(), f(x1), String.valueOf(TOP), f(x2 - x1), f(plotHeight), color));
    }

    /** Adds the stacked bars of each slice; @return the tallest bar's count (at least 1), the left axis' top. */
    private long bars(Buckets buckets, List<Rect> bars) {
        long[] sent = buckets.sent();
        long[] bad = buckets.bad();
        long max = 1;
        for (int i = 0; i < sent.length; i++) {
            max = Math.max(max, sent[i] + bad[i]);
        }
        long width = buckets.width().toMillis();
        double barWidth = plotWidth * width / span;
        long offset = Duration.between(from, buckets.start()).toMillis();
        for (int i = 0; i < sent.length; i++) {
            double x = LEFT + plotWidth * (offset + (double) i * width) / span;
            if (x >= LEFT + plotWidth) {
                break;
            }
            double hs = plotHeight * sent[i] / max;
            double hb = plotHeight * bad[i] / max;
            double w = Math.max(1, Math.min(barWidth - 1, LEFT + plotWidth - x));
            if (hs > 0) {
                bars.add(new Rect(null, f(x), f(TOP + plotHeight - hs), f(w), f(hs), SENT_COLOR));
            }
            if (hb > 0) {
                bars.add(new Rect(null, f(x), f(TOP + plotHeight - hs - hb), f(w), f(hb), BAD_COLOR));
            }
        }
        return max;
    }

    /** The rate's steps as SVG polyline points, from the left edge to the right; null without a rate event. */
    private String rateLine(List<Event> events, double maxRate) {
        StringBuilder pts = new StringBuilder();
        Double current = null;
        for (Event e : events) {
            if (e.toRate() == null) {
                continue;
            }
            if (current == null) {
                current = nz(e.fromRate());
                pts.append(f(LEFT)).append(',').append(f(y(current, maxRate))).append(' ');
            }
            double x = x(Duration.between(from, e.at()).toMillis());
            pts.append(f(x)).append(',').append(f(y(current, maxRate))).append(' ');
            current = e.toRate();
            pts.append(f(x)).append(',').append(f(y(current, maxRate))).append(' ');
        }
        return current == null ? null : pts.append(f(LEFT + plotWidth)).append(',').append(f(y(current, maxRate)))
                .toString();
    }

    private double x(long millisFromStart) {
        return LEFT + plotWidth * millisFromStart / span;
    }

    private double y(double rate, double max) {
        return TOP + plotHeight - plotHeight * rate / max;
    }

    private static Label label(double x, double y, String text, String anchor) {
        return new Label(f(x), f(y), text, anchor);
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
