package io.sluice.smtpsim;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.subethamail.smtp.RejectException;

/**
 * A single-line SMTP reply such as {@code "452 4.2.2 Mailbox full"}, split into code and text.
 *
 * <p>subethasmtp writes a {@link RejectException} as {@code code + " " + message}, so keeping the
 * two parts apart lets the client see the reply exactly as it was configured.
 */
record SimulatedReply(int code, String text) {

    private static final Pattern FORMAT = Pattern.compile("([2-5][0-9][0-9]) (\\S.*)");

    SimulatedReply {
        Objects.requireNonNull(text, "text");
    }

    /** Parses {@code "<code> <text>"}; the text is mandatory so the reply stays meaningful. */
    static SimulatedReply parse(String reply) {
        Objects.requireNonNull(reply, "reply");
        Matcher m = FORMAT.matcher(reply.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "SMTP reply must look like '<3-digit code> <text>', got: '" + reply + "'");
        }
        return new SimulatedReply(Integer.parseInt(m.group(1)), m.group(2));
    }

    /** Parses and checks the reply class, e.g. 4 for a deferral, 5 for a rejection. */
    static SimulatedReply parse(String reply, int expectedClass) {
        SimulatedReply parsed = parse(reply);
        if (parsed.code() / 100 != expectedClass) {
            throw new IllegalArgumentException(
                    "expected a " + expectedClass + "xx reply, got: '" + reply + "'");
        }
        return parsed;
    }

    boolean isTransient() {
        return code / 100 == 4;
    }

    RejectException toRejectException() {
        return new RejectException(code, text);
    }

    @Override
    public String toString() {
        return code + " " + text;
    }
}
