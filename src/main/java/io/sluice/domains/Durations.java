package io.sluice.domains;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of durations, in {@code domains.yaml} and in {@code application.properties} (io.sluice.boot reads
 * the {@code sluice.*} durations with it): {@code 500ms}, {@code 10s}, {@code 30m}, {@code 2h}, {@code 1d},
 * combinations such as {@code 1h30m}, or ISO-8601 ({@code PT10S}, any case).
 *
 * <p>Not Camel's {@code TimeUtils.toMilliSeconds}: it reads a bare {@code 10} as 10 ms, {@code PT10S} as 0,
 * {@code 1s1s} as 1 s and refuses {@code 2h1d}, so the same files would mean other things.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /** The shortest text {@link #parse} reads back: 500ms, 10s, 1m30s, 2h, 1d2h. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                sb.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException "not a duration: ..." (callers name the key) */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.isEmpty() && (t.charAt(0) == 'P' || t.charAt(0) == 'p')) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration: " + text, e);
            }
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            total = total.plus(part(Long.parseLong(m.group(1)), m.group(2)));
            end = m.end();
        }
        if (t.isEmpty() || end != t.length()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return total;
    }

    private static Duration part(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
