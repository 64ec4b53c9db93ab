package io.sluice.result;

import java.util.Objects;

/**
 * A failed SMTP attempt, as classified from the exception that reported it.
 *
 * @param outcome never {@link SendOutcome#ACCEPTED}
 * @param reply   the server's reply when one was received, otherwise null
 * @param detail  one line, storable, at most {@link #MAX_DETAIL_LENGTH} characters: what happened, for operators
 */
public record SendFailure(SendOutcome outcome, SmtpReply reply, String detail) {

    public static final int MAX_DETAIL_LENGTH = 500;

    public SendFailure {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == SendOutcome.ACCEPTED) {
            throw new IllegalArgumentException("an accepted message is not a failure");
        }
        detail = StorableText.oneLine(detail, MAX_DETAIL_LENGTH);
    }
}
