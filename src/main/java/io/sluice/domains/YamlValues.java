package io.sluice.domains;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values of {@code domains.yaml} read as one type each; a wrong one throws {@link IllegalArgumentException}
 * naming the full key path and the value, e.g. "defaults.flow.window must be a duration like 10s, ..., was 10".
 */
public final class YamlValues {

    private YamlValues() {
    }

    /** {@code parent.key}, or {@code key} at the top of the document. */
    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A mapping with text keys (in file order), or null when the value is null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(String path, Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException((path.isEmpty() ? "the document" : path) + " must be a map, was " + describe(v));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) v).forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    public static Duration duration(String path, Object v) {
        if (v instanceof String s) {
            try {
                return Durations.parse(s);
            } catch (IllegalArgumentException e) {
                // the message below names the key
            }
        }
        throw new IllegalArgumentException(path + " must be a duration like 10s, 30m, 2h, 1d or PT10S, was " + describe(v));
    }

    /** msg/s: a number, or text with a unit ({@link Rates}). */
    public static double rate(String path, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Rates.parse(s);
            } catch (IllegalArgumentException e) {
                // the message below names the key
            }
        }
        throw new IllegalArgumentException(path + " must be a rate like 10, 0.5, 10/min or 600/h (msg/s unless a unit is given), was "
                + describe(v));
    }

    public static double number(String path, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(path + " must be a number, was " + describe(v));
    }

    public static int wholeNumber(String path, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            long l = ((Number) v).longValue();
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
        }
        throw new IllegalArgumentException(path + " must be a whole number, was " + describe(v));
    }

    public static boolean bool(String path, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(path + " must be true or false, was " + v);
    }

    /** A scalar as text; null is refused as missing. */
    public static String text(String path, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(path + " is required");
        }
        if (!(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
            throw new IllegalArgumentException(path + " must be text, was " + describe(v));
        }
        return v.toString();
    }

    /** A value as messages show it: text quoted, mappings and lists by kind. */
    public static String describe(Object v) {
        if (v instanceof String) {
            return "'" + v + "'";
        }
        if (v instanceof Map) {
            return "a map";
        }
        if (v instanceof List) {
            return "a list";
        }
        return String.valueOf(v);
    }
}
