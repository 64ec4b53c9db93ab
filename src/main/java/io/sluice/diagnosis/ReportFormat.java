package io.sluice.diagnosis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How the report writes its figures: durations, shares, rates, long texts and lists of domains. */
final class ReportFormat {

    private ReportFormat() {
    }

    /** 1h02m, 3m07s, 12s. */
    static String human(Duration d) {
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    /** 37%: n of {@code of}, rounded. */
    static String pct(long n, long of) {
        return of == 0 ? "0%" : Math.round(100.0 * n / of) + "%";
    }

    /** A share as the verdict's reasons state it: 0.3 -> "30 %". */
    static String share(double share) {
        return Math.round(share * 100) + " %";
    }

    /** A rate in msg/s: 10.0, 0.17; "?" when unknown. */
    static String rate(Double r) {
        if (r == null) {
            return "?";
        }
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%.1f", r) : String.format(Locale.ROOT, "%.2f", r);
    }

    /** At most n characters, a cut one ending with "~". */
    static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    /** "a.com, b.com and 3 more": at most {@code max} names. */
    static String names(List<DiagnosisReport.DomainLine> ds, int max) {
        String s = String.join(", ", ds.stream().limit(max).map(d -> d.domain).toList());
        return ds.size() > max ? s + " and " + (ds.size() - max) + " more" : s;
    }
}
