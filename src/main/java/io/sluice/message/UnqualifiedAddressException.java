package io.sluice.message;

/**
 * Thrown by the syntax rules to stop at the first problem found. Package-private control flow only:
 * it never leaves {@link RecipientAddress#check(String)}, so it skips the (costly, useless) stack trace.
 */
final class UnqualifiedAddressException extends Exception {

    private static final long serialVersionUID = 1L;

    UnqualifiedAddressException(String why) {
        super(why, null, false, false);
    }

    String why() {
        return getMessage();
    }
}
