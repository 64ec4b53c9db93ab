package io.sluice.domains;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one parser of rates in {@code domains.yaml}, in msg/s: {@code 0.5}, {@code 10/s}, {@code 10/min}, {@code 600/h}, {@code 1000/d}. */
public final class Rates {

    private static final Pattern RATE = Pattern.compile(
            "\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|sec|second|m|min|minute|h|hour|d|day))?\\s*");

    private Rates() {
    }

    /** @throws IllegalArgumentException "not a rate: ..." (callers name the key) */
    public static double parse(String text) {
        Matcher m = RATE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: " + text);
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit.charAt(0)) {
            case 'm' -> n / 60;
            case 'h' -> n / 3600;
            case 'd' -> n / 86400;
            default -> n;
        };
    }
}
