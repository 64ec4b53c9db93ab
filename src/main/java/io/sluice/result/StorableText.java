package io.sluice.result;

/**
 * Makes free text (server replies, exception messages) safe to store in one database column and show in one
 * log line: whitespace runs (line breaks, tabs) fold into single spaces, other control and invisible characters
 * become '?', and the text is cut to a maximum length.
 */
final class StorableText {

    private StorableText() {
    }

    /** @return the text on one line, trimmed, at most {@code maxLength} characters; never null */
    static String oneLine(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength + 1));
        boolean pendingSpace = false;
        for (int i = 0; i < text.length() && out.length() <= maxLength; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(isUnsafe(c) ? '?' : c);
        }
        if (out.length() <= maxLength) {
            return out.toString();
        }
        // Never leave half of a surrogate pair at the cut.
        int end = Character.isHighSurrogate(out.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return out.substring(0, end);
    }

    /** Controls, bidi overrides and zero-width characters: they corrupt logs and consoles. */
    private static boolean isUnsafe(char c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
    }
}
