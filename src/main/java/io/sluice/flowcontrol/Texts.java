package io.sluice.flowcontrol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/** Formatting shared by validation messages and event sentences. Not API. */
final class Texts {

    private Texts() {
    }

    /** A rate for sentences: three significant digits, at least one decimal ("40.0", "0.167"). */
    static String rate(double rate) {
        if (rate == 0) {
            return "0.0";
        }
        BigDecimal value = new BigDecimal(rate).round(new MathContext(3, RoundingMode.HALF_UP)).stripTrailingZeros();
        if (value.scale() < 1) {
            value = value.setScale(1, RoundingMode.UNNECESSARY);
        }
        return value.toPlainString();
    }

    /** A configured value for validation messages: integral values without ".0" ("-3", "1.5"). */
    static String value(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isInfinite(d) && !Double.isNaN(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        if (value instanceof Duration) {
            return duration((Duration) value);
        }
        return String.valueOf(value);
    }

    /** A duration the way the policy file writes it: "10s", "30m", "2h", "1d", else ISO-8601. */
    static String duration(Duration d) {
        if (d == null) {
            return "null";
        }
        long ms = d.toMillis();
        if (d.isNegative() || d.isZero() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }

    /** Shortens a reply for a reason text. */
    static String quote(String reply) {
        String oneLine = reply.replaceAll("\\s+", " ").trim();
        return "\"" + (oneLine.length() > 200 ? oneLine.substring(0, 197) + "..." : oneLine) + "\"";
    }
}
