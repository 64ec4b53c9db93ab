package io.sluice.message;

/**
 * Checks a raw recipient address from the campaign database and normalises it for the SMTP envelope.
 *
 * <p>Checks run from the most alarming problem to the most mundane (controls and invisible characters first,
 * so a header-injection attempt is reported as such rather than as "illegal character ' '"), and stop at
 * the first one: the why names a single problem.
 */
public final class RecipientAddress {

    /** RFC 5321 path limit (256 octets) minus the angle brackets. */
    static final int MAX_LENGTH = 254;

    private static final int FULLWIDTH_AT = 0xFF20;

    private RecipientAddress() {
    }

    /**
     * @param raw the address as stored; may be null
     * @return {@link AddressCheck.Valid} with the normalised address, or {@link AddressCheck.Invalid}
     *         with Campaign code 7 (nothing given) or 15 (malformed)
     */
    public static AddressCheck check(String raw) {
        if (raw == null) {
            return new AddressCheck.Invalid(AddressCheck.Invalid.ADDRESS_NOT_SPECIFIED, "no address given");
        }
        String address = trimAsciiWhitespace(raw);
        if (address.isEmpty()) {
            return new AddressCheck.Invalid(AddressCheck.Invalid.ADDRESS_NOT_SPECIFIED, "address is empty");
        }
        try {
            return checkTrimmed(address);
        } catch (UnqualifiedAddressException e) {
            return new AddressCheck.Invalid(AddressCheck.Invalid.UNQUALIFIED, e.why());
        }
    }

    private static AddressCheck.Valid checkTrimmed(String address) throws UnqualifiedAddressException {
        rejectControlAndInvisibleCharacters(address);
        int at = address.indexOf('@');
        if (at < 0) {
            throw new UnqualifiedAddressException(address.indexOf(FULLWIDTH_AT) >= 0
                    ? "no @ in address (fullwidth U+FF20 is not @)"
                    : "no @ in address");
        }
        if (address.indexOf('@', at + 1) >= 0) {
            throw new UnqualifiedAddressException("more than one @ in address");
        }
        String localPart = LocalPartSyntax.check(address.substring(0, at));
        String domain = DomainSyntax.normalize(address.substring(at + 1));
        AddressCheck.Valid valid = AddressCheck.Valid.of(localPart, domain);
        if (valid.address().length() > MAX_LENGTH) {
            throw new UnqualifiedAddressException("address longer than " + MAX_LENGTH + " characters");
        }
        return valid;
    }

    /** CR, LF, NUL, tabs, bidi overrides, zero-width characters: none belongs anywhere in an address. */
    private static void rejectControlAndInvisibleCharacters(String address) throws UnqualifiedAddressException {
        for (int i = 0; i < address.length(); ) {
            int cp = address.codePointAt(i);
            if (SafeChars.isControlOrInvisible(cp)) {
                throw new UnqualifiedAddressException(
                        "control or invisible character " + SafeChars.describe(cp) + " in address");
            }
            i += Character.charCount(cp);
        }
    }

    /** Only ASCII whitespace (SP, HT, LF, VT, FF, CR) around the value: a no-break space is data, not padding. */
    private static String trimAsciiWhitespace(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isAsciiWhitespace(raw.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiWhitespace(raw.charAt(end - 1))) {
            end--;
        }
        return raw.substring(start, end);
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
