package io.sluice.message;

/**
 * Talks about characters of a hostile input without echoing them: the "why" of a rejection is stored
 * in the database and shown in consoles, so it must never carry control, bidi or other invisible characters.
 */
final class SafeChars {

    private SafeChars() {
    }

    /** Quotes a printable ASCII character ({@code ' '}, {@code ';'}); anything else becomes {@code U+XXXX}. */
    static String describe(int codePoint) {
        if (codePoint >= 0x20 && codePoint < 0x7F) {
            return "'" + (char) codePoint + "'";
        }
        return String.format("U+%04X", codePoint);
    }

    /** Last line of defence for free text: every non-printable-ASCII character becomes '?'. */
    static String storable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? (char) cp : '?'));
        return out.toString();
    }

    /** Control characters (C0, DEL, C1) and invisible format characters (bidi overrides, zero-width joiners...). */
    static boolean isControlOrInvisible(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT;
    }
}
