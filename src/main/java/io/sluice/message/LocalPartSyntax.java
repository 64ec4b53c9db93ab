package io.sluice.message;

/**
 * The local part rule: an RFC 5322 dot-atom of ASCII atext, 1 to 64 characters.
 *
 * <p>Quoted strings and non-ASCII (SMTPUTF8) local parts are legal elsewhere but refused here: we do not
 * speak SMTPUTF8, and quoted local parts are almost always typos or injection attempts in campaign data.
 */
final class LocalPartSyntax {

    /** RFC 5321 section 4.5.3.1.1. */
    static final int MAX_LENGTH = 64;

    /** RFC 5322 atext besides letters and digits. */
    private static final String ATEXT_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    private LocalPartSyntax() {
    }

    /** Returns the local part unchanged when it is acceptable; case is preserved (only the receiver may fold it). */
    static String check(String localPart) throws UnqualifiedAddressException {
        if (localPart.isEmpty()) {
            throw new UnqualifiedAddressException("empty local part");
        }
        if (localPart.charAt(0) == '"') {
            throw new UnqualifiedAddressException("quoted local part not supported");
        }
        for (int i = 0; i < localPart.length(); ) {
            int cp = localPart.codePointAt(i);
            if (cp > 0x7F) {
                throw new UnqualifiedAddressException("non-ASCII character " + SafeChars.describe(cp)
                        + " in local part: SMTPUTF8 is not supported");
            }
            if (cp != '.' && !isAtext((char) cp)) {
                throw new UnqualifiedAddressException("illegal character " + SafeChars.describe(cp) + " in local part");
            }
            i += Character.charCount(cp);
        }
        if (localPart.startsWith(".")) {
            throw new UnqualifiedAddressException("local part starts with a dot");
        }
        if (localPart.endsWith(".")) {
            throw new UnqualifiedAddressException("local part ends with a dot");
        }
        if (localPart.contains("..")) {
            throw new UnqualifiedAddressException("consecutive dots in local part");
        }
        if (localPart.length() > MAX_LENGTH) {
            throw new UnqualifiedAddressException("local part longer than " + MAX_LENGTH + " characters");
        }
        return localPart;
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }
}
