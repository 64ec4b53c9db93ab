package io.sluice.message;

import java.util.Objects;

/**
 * The verdict on one raw recipient address: either a normalised address safe to use in an SMTP envelope,
 * or the Campaign failure reason that rejects it.
 */
public sealed interface AddressCheck {

    /**
     * An address we accept, in the form we send to.
     *
     * @param address   {@code localPart + "@" + domain}, pure ASCII
     * @param localPart the local part exactly as given (case preserved: only the receiving host may fold it)
     * @param domain    lower-case ASCII domain, trailing dot removed, IDN labels in punycode
     */
    record Valid(String address, String localPart, String domain) implements AddressCheck {
        public Valid {
            Objects.requireNonNull(localPart, "localPart");
            Objects.requireNonNull(domain, "domain");
            if (!Objects.equals(address, localPart + "@" + domain)) {
                throw new IllegalArgumentException("address must be localPart@domain");
            }
        }

        /** Builds the address from its two parts, so callers cannot get the concatenation wrong. */
        static Valid of(String localPart, String domain) {
            return new Valid(localPart + "@" + domain, localPart, domain);
        }
    }

    /**
     * An address we refuse to send to.
     *
     * @param failureReason Campaign's failure reason code: {@link #ADDRESS_NOT_SPECIFIED} or {@link #UNQUALIFIED}
     * @param why           a short ASCII sentence naming the problem; never contains control characters,
     *                      so it can be stored and displayed as is
     */
    record Invalid(int failureReason, String why) implements AddressCheck {
        /** Campaign code 7, "Address not specified": nothing usable was given at all. */
        public static final int ADDRESS_NOT_SPECIFIED = 7;
        /** Campaign code 15, "Unqualified address": something was given but it is not an address we send to. */
        public static final int UNQUALIFIED = 15;

        public Invalid {
            if (failureReason != ADDRESS_NOT_SPECIFIED && failureReason != UNQUALIFIED) {
                throw new IllegalArgumentException("failureReason must be 7 or 15, was " + failureReason);
            }
            if (why == null || why.isBlank()) {
                throw new IllegalArgumentException("why must name the problem");
            }
            why = SafeChars.storable(why);
        }
    }
}
