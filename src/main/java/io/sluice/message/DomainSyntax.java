package io.sluice.message;

import java.net.IDN;
import java.util.Locale;

/**
 * The domain rule: a host name of at least two LDH labels (internationalised names allowed, converted to
 * punycode), no domain literals, no numeric top-level label.
 *
 * <p>Numeric TLDs and {@code [1.2.3.4]} literals are refused because campaign mail goes to MX-published
 * domains only; an IP address in a recipient column is a data error, not a destination.
 */
final class DomainSyntax {

    /** RFC 1035 / RFC 5321: a full domain of at most 253 characters (255 octets on the wire). */
    static final int MAX_LENGTH = 253;
    /** RFC 1035: a label of at most 63 characters. */
    static final int MAX_LABEL_LENGTH = 63;

    private DomainSyntax() {
    }

    /** Returns the domain lower-cased, without its trailing dot, IDN labels in punycode; or says what is wrong. */
    static String normalize(String domain) throws UnqualifiedAddressException {
        if (domain.isEmpty()) {
            throw new UnqualifiedAddressException("empty domain");
        }
        if (domain.startsWith("[")) {
            throw new UnqualifiedAddressException("domain literals are not supported");
        }
        // One trailing dot is the DNS root, legal and meaningless here; a second one is an empty label.
        String withoutRoot = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        rejectIllegalAsciiCharacters(withoutRoot);
        String ascii = toAscii(withoutRoot.toLowerCase(Locale.ROOT)).toLowerCase(Locale.ROOT);
        checkStructure(ascii);
        return ascii;
    }

    /** Checked before IDN conversion so that the why names the character rather than an IDNA error. */
    private static void rejectIllegalAsciiCharacters(String domain) throws UnqualifiedAddressException {
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c < 0x80 && !isLdh(c) && c != '.') {
                throw new UnqualifiedAddressException("illegal character " + SafeChars.describe(c) + " in domain");
            }
        }
    }

    private static String toAscii(String domain) throws UnqualifiedAddressException {
        if (domain.chars().allMatch(c -> c < 0x80)) {
            return domain; // nothing to convert; structure is checked by the caller
        }
        try {
            return IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new UnqualifiedAddressException(describeIdnFailure(e));
        }
    }

    /**
     * IDN's messages echo the offending input (bidi overrides, emoji...), so they are translated to
     * fixed sentences instead of being copied.
     */
    private static String describeIdnFailure(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("prohibited code point")) {
            return "internationalised domain contains a prohibited character";
        }
        if (message.contains("unassigned code point")) {
            return "internationalised domain contains a character IDNA does not know (emoji?)";
        }
        if (message.contains("Empty label")) {
            return "empty label in domain";
        }
        if (message.contains("too long")) {
            return "domain label longer than " + MAX_LABEL_LENGTH + " characters";
        }
        if (message.contains("non-LDH")) {
            return "internationalised domain maps to a character that is not a letter, digit or hyphen";
        }
        if (message.contains("hyphen")) {
            return "domain label starts or ends with '-'";
        }
        return "domain is not a valid internationalised name";
    }

    private static void checkStructure(String ascii) throws UnqualifiedAddressException {
        if (ascii.isEmpty()) {
            throw new UnqualifiedAddressException("empty domain");
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label);
        }
        if (labels.length < 2) {
            throw new UnqualifiedAddressException("domain needs at least two labels");
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new UnqualifiedAddressException("top-level domain is all digits");
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new UnqualifiedAddressException("domain longer than " + MAX_LENGTH + " characters");
        }
    }

    private static void checkLabel(String label) throws UnqualifiedAddressException {
        if (label.isEmpty()) {
            throw new UnqualifiedAddressException("empty label in domain");
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            throw new UnqualifiedAddressException("domain label longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new UnqualifiedAddressException("domain label starts or ends with '-'");
        }
        for (int i = 0; i < label.length(); i++) {
            if (!isLdh(label.charAt(i))) {
                throw new UnqualifiedAddressException(
                        "illegal character " + SafeChars.describe(label.charAt(i)) + " in domain");
            }
        }
    }

    private static boolean isLdh(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }
}
