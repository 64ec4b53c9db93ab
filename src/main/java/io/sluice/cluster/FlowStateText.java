package io.sluice.cluster;

import io.sluice.flowcontrol.FlowState;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A {@link FlowState} as one text column ({@code SluiceFlowState.sState}): its {@link FlowState#toMap()} in
 * java.util.Properties form, each value typed by a prefix ({@code s:} text, {@code n:} number, {@code t:} instant,
 * {@code d:} duration) so that {@link FlowState#fromMap(Map)} gets back what it wrote. A text it cannot read is an
 * error naming the site and the key, never a half-restored state.
 */
final class FlowStateText {

    private FlowStateText() {
    }

    static String write(FlowState state) {
        Properties p = new Properties();
        state.toMap().forEach((k, v) -> {
            // the burst watch and quota cycle are what this instance saw of its own attempts: neither shared nor kept
            // across a restart (an instance whose watch changed with every attempt wrote its state every 5 s, and
            // following another's overwrote its own)
            if (v != null && !k.startsWith("burst.") && !k.startsWith("cycle.")) {
                p.setProperty(k, typed(v));
            }
        });
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        // drop the date comment Properties writes, so an unchanged state is the same text
        return out.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, l) -> a + l + "\n");
    }

    static FlowState read(String site, String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("stored flow state of " + site + " is not readable: " + e.getMessage(), e);
        }
        Map<String, Object> m = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, value(site, k, p.getProperty(k)));
        }
        try {
            return FlowState.fromMap(m);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("stored flow state of " + site + " is not valid: " + e.getMessage(), e);
        }
    }

    private static String typed(Object v) {
        if (v instanceof Instant i) {
            return "t:" + i;
        }
        if (v instanceof Duration d) {
            return "d:" + d;
        }
        if (v instanceof Number n) {
            return "n:" + n;
        }
        return "s:" + v;
    }

    /** Exact for longs (the burst watch's 64-bit history), NaN and infinities as doubles. */
    private static Number number(String v) {
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            return Double.valueOf(v);
        }
    }

    private static Object value(String site, String key, String v) {
        try {
            return switch (v.length() < 2 ? "" : v.substring(0, 2)) {
                case "t:" -> Instant.parse(v.substring(2));
                case "d:" -> Duration.parse(v.substring(2));
                case "n:" -> number(v.substring(2));
                case "s:" -> v.substring(2);
                default -> throw new IllegalArgumentException("no type prefix");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("stored flow state of " + site + ": " + key + " = '" + v
                    + "' is not readable (" + e.getMessage() + ")", e);
        }
    }
}
