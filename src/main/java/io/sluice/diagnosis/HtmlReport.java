package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.Buckets;
import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.diagnosis.DiagnosisReport.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static io.sluice.diagnosis.DiagnosisReport.human;

/**
 * The report as one self-contained HTML page (no script, no external resource: the network may be closed):
 * verdict, per-domain table, top replies, and per domain a timeline drawn as inline SVG — sent (green) and
 * deferred/refused (red) messages per time slice by the time of their last attempt, the flow-control rate
 * (blue step line, right axis) and the time held back (bands: BACKOFF orange, PROBING yellow, SUSPENDED red).
 */
public final class HtmlReport {

    static final int MAX_CHARTS = 20;
    private static final int W = 760;
    private static final int H = 160;
    private static final int L = 50;
    private static final int R = 50;
    private static final int T = 10;
    private static final int B = 25;

    private HtmlReport() {
    }

    public static String render(DiagnosisReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sluice diagnosis: delivery ")
                .append(r.deliveryId).append("</title>\n<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
                        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;"
                        + "text-align:right}td:first-child,th:first-child{text-align:left}.verdict{font-size:1.3em;"
                        + "padding:.5em;border-radius:4px}.SENDER_SIDE{background:#fdd}.DOMAIN_SPECIFIC{background:#ffe5c0}"
                        + ".HEALTHY{background:#dfd}.reply{font-family:monospace;font-size:12px}svg{background:#fafafa;"
                        + "border:1px solid #ddd}.legend span{margin-right:1em}</style></head><body>\n");
        h.append("<h1>Delivery ").append(r.deliveryId).append(" (").append(esc(r.internalName)).append(")</h1>\n<p>")
                .append(esc(r.stateLabel())).append(", ").append(r.from).append(" .. ").append(r.to).append(" (")
                .append(human(Duration.between(r.from, r.to))).append(")</p>\n");
        h.append(String.format(Locale.ROOT, "<p>%,d attempts, %,d sent, %,d failed, %,d pending (%,d queued by flow control)</p>%n",
                r.total(DomainLine::attempts), r.total(d -> d.sent), r.total(d -> d.failed), r.total(d -> d.pending),
                r.total(d -> d.queuedByFlowControl)));
        h.append("<div class=\"verdict ").append(r.verdict.name()).append("\" id=\"verdict\">Verdict: <b>")
                .append(esc(r.verdict.label)).append("</b></div>\n<ul>");
        for (String why : r.reasons) {
            h.append("<li>").append(esc(why)).append("</li>");
        }
        h.append("</ul>\n<h2>Per domain</h2>\n<table><tr><th>domain</th><th>attempts</th><th>sent</th><th>failed</th>"
                + "<th>pending</th><th>queued by flow control</th>");
        for (ErrorClass c : ErrorClass.values()) {
            h.append("<th>").append(esc(c.label)).append("</th>");
        }
        h.append("<th>BACKOFF</th><th>SUSPENDED</th><th>PROBING</th></tr>\n");
        for (DomainLine d : r.domains.values().stream().limit(200).toList()) {
            h.append("<tr><td>").append(esc(d.domain)).append("</td>");
            for (long v : new long[]{d.attempts(), d.sent, d.failed, d.pending, d.queuedByFlowControl}) {
                h.append("<td>").append(v).append("</td>");
            }
            for (ErrorClass c : ErrorClass.values()) {
                h.append("<td>").append(d.errors(c)).append("</td>");
            }
            for (String s : DiagnosisReport.HELD) {
                h.append("<td>").append(d.held(s).isZero() ? "-" : human(d.held(s))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<h2>Top replies</h2>\n<table><tr><th>domain</th><th>messages</th><th>class</th><th>reply</th></tr>\n");
        for (DomainLine d : r.domains.values()) {
            for (DiagnosisReport.Reply reply : d.replies.stream().limit(3).toList()) {
                h.append("<tr><td>").append(esc(d.domain)).append("</td><td>").append(reply.count()).append("</td><td>")
                        .append(esc(reply.errorClass().label)).append("</td><td class=\"reply\" style=\"text-align:left\">")
                        .append(esc(reply.text())).append("</td></tr>\n");
            }
        }
        h.append("</table>\n<h2>Timelines</h2>\n<p class=\"legend\"><span style=\"color:#2a2\">&#9632; sent</span>"
                + "<span style=\"color:#d33\">&#9632; deferred / refused</span><span style=\"color:#36c\">&#9472; rate"
                + " (msg/s, right axis)</span><span style=\"color:#f90\">&#9632; BACKOFF</span><span style=\"color:#ec0\">"
                + "&#9632; PROBING</span><span style=\"color:#e66\">&#9632; SUSPENDED</span></p>\n");
        if (!r.senderEvents.isEmpty()) {
            h.append("<h3>sender</h3>\n").append(chart(r, null, r.senderEvents));
        }
        List<DomainLine> charted = r.domains.values().stream()
                .sorted((a, b) -> Boolean.compare(b.wasHeldBack() || b.bad() > 0, a.wasHeldBack() || a.bad() > 0))
                .limit(MAX_CHARTS).toList();
        for (DomainLine d : charted) {
            h.append("<h3>").append(esc(d.domain)).append("</h3>\n").append(chart(r, r.buckets.get(d.domain), d.events));
            if (!d.events.isEmpty()) {
                h.append("<details><summary>").append(d.events.size()).append(" flow-control event(s)</summary><ul>");
                for (Event e : d.events) {
                    h.append("<li>").append(e.at()).append(" ").append(esc(e.sentence())).append("</li>");
                }
                h.append("</ul></details>\n");
            }
        }
        h.append("<p><small>Generated by Sluice at ").append(Instant.now()).append("</small></p>\n</body></html>\n");
        return h.toString();
    }

    /** One domain's (or the sender's) timeline as inline SVG. */
    static String chart(DiagnosisReport r, Buckets b, List<Event> events) {
        long span = Math.max(1, Duration.between(r.from, r.to).toMillis());
        double pw = W - L - R;
        double ph = H - T - B;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\">");
        // held-back bands
        String state = null;
        Instant since = r.from;
        double maxRate = 0;
        for (Event e : events) {
            maxRate = Math.max(maxRate, Math.max(nz(e.fromRate()), nz(e.toRate())));
            if ("RATE".equals(e.kind())) {
                continue;
            }
            if (state == null) {
                state = e.fromState();
            }
            band(s, state, since, e.at(), r.from, span, pw, ph);
            state = e.toState();
            since = e.at();
        }
        band(s, state, since, r.to, r.from, span, pw, ph);
        // bars
        long maxBar = 1;
        if (b != null) {
            for (int i = 0; i < b.sent().length; i++) {
                maxBar = Math.max(maxBar, b.sent()[i] + b.bad()[i]);
            }
            double bw = pw * b.width().toMillis() / span;
            for (int i = 0; i < b.sent().length; i++) {
                double x = L + pw * (Duration.between(r.from, b.start()).toMillis() + (double) i * b.width().toMillis()) / span;
                if (x >= L + pw) {
                    break;
                }
                double hs = ph * b.sent()[i] / maxBar;
                double hb = ph * b.bad()[i] / maxBar;
                double w = Math.max(1, Math.min(bw - 1, L + pw - x));
                if (hs > 0) {
                    s.append(rect(x, T + ph - hs, w, hs, "#2a2"));
                }
                if (hb > 0) {
                    s.append(rect(x, T + ph - hs - hb, w, hb, "#d33"));
                }
            }
        }
        // rate step line
        if (maxRate > 0) {
            StringBuilder pts = new StringBuilder();
            Double current = null;
            for (Event e : events) {
                if (e.toRate() == null) {
                    continue;
                }
                if (current == null) {
                    current = nz(e.fromRate());
                    pts.append(f(L)).append(',').append(f(y(current, maxRate, ph))).append(' ');
                }
                double x = L + pw * Duration.between(r.from, e.at()).toMillis() / span;
                pts.append(f(x)).append(',').append(f(y(current, maxRate, ph))).append(' ');
                current = e.toRate();
                pts.append(f(x)).append(',').append(f(y(current, maxRate, ph))).append(' ');
            }
            if (current != null) {
                pts.append(f(L + pw)).append(',').append(f(y(current, maxRate, ph)));
                s.append("<polyline fill=\"none\" stroke=\"#36c\" stroke-width=\"2\" points=\"").append(pts).append("\"/>");
            }
            s.append(text(W - R + 4, T + 10, rateLabel(maxRate) + "/s", "start"));
            s.append(text(W - R + 4, T + ph, "0", "start"));
        }
        // axes
        s.append("<line x1=\"").append(L).append("\" y1=\"").append(f(T + ph)).append("\" x2=\"").append(W - R)
                .append("\" y2=\"").append(f(T + ph)).append("\" stroke=\"#888\"/>");
        s.append("<line x1=\"").append(L).append("\" y1=\"").append(T).append("\" x2=\"").append(L)
                .append("\" y2=\"").append(f(T + ph)).append("\" stroke=\"#888\"/>");
        if (b != null) {
            s.append(text(L - 4, T + 10, String.valueOf(maxBar), "end"));
            s.append(text(L - 4, T + ph, "0", "end"));
        }
        s.append(text(L, H - 6, "+0s", "start"));
        s.append(text(L + pw / 2, H - 6, "+" + human(Duration.ofMillis(span / 2)), "middle"));
        s.append(text(W - R, H - 6, "+" + human(Duration.ofMillis(span)), "end"));
        s.append("</svg>\n");
        return s.toString();
    }

    private static void band(StringBuilder s, String state, Instant a, Instant z, Instant from, long span, double pw,
                             double ph) {
        if (state == null || !DiagnosisReport.HELD.contains(state) && !"SENDER_PROBLEM".equals(state)) {
            return;
        }
        String color = switch (state) {
            case "BACKOFF" -> "#fde3b8";
            case "PROBING" -> "#fbf2b0";
            default -> "#f8c8c8";
        };
        double x1 = L + pw * Math.max(0, Duration.between(from, a).toMillis()) / span;
        double x2 = L + pw * Math.min(span, Duration.between(from, z).toMillis()) / span;
        if (x2 > x1) {
            s.append("<rect class=\"band ").append(state).append("\" x=\"").append(f(x1)).append("\" y=\"").append(T)
                    .append("\" width=\"").append(f(x2 - x1)).append("\" height=\"").append(f(ph)).append("\" fill=\"")
                    .append(color).append("\"><title>").append(state).append("</title></rect>");
        }
    }

    private static double y(double rate, double max, double ph) {
        return T + ph - ph * rate / max;
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    private static String rate(double r) {
        return DiagnosisReport.rate(r);
    }

    private static String rateLabel(double r) {
        return rate(r);
    }

    private static String rect(double x, double y, double w, double h, String color) {
        return "<rect x=\"" + f(x) + "\" y=\"" + f(y) + "\" width=\"" + f(w) + "\" height=\"" + f(h) + "\" fill=\""
                + color + "\"/>";
    }

    private static String text(double x, double y, String t, String anchor) {
        return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" font-size=\"10\" text-anchor=\"" + anchor + "\">" + esc(t)
                + "</text>";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
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
