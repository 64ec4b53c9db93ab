package io.sluice.message;

/**
 * Makes a personalised value safe for a one-line mail header: CR, LF and every other control character
 * become a space, so a recipient field such as {@code "Bob\r\nBcc: x@y"} can never add a header.
 */
public final class HeaderText {

    /** Subjects beyond this are cut; RFC 5322 allows long headers but receivers penalise them. */
    public static final int MAX_LENGTH = 998;

    private HeaderText() {
    }

    public static String oneLine(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_LENGTH));
        for (int i = 0; i < value.length() && sb.length() < MAX_LENGTH; i++) {
            char ch = value.charAt(i);
            sb.append(Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029' ? ' ' : ch);
        }
        return sb.toString().strip();
    }
}
