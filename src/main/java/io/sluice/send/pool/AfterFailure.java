package io.sluice.send.pool;

import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Whether a connection can carry another message after a failed send.
 *
 * <p>Only a failure that is nothing but definite server replies to {@code MAIL}, {@code RCPT} or end of
 * {@code DATA} leaves the session known: the server answered, Angus sent {@code RSET}. Anything else -
 * a {@code 421} (the server is closing the channel), an I/O error, a timeout, a failure without a reply code,
 * a bug - leaves it in doubt, and a connection in doubt is never reused.
 */
final class AfterFailure {

    /** RFC 5321 4.2.3: "service not available, closing transmission channel". */
    static final int SERVICE_CLOSING = 421;

    private static final int MAX_LINKS = 50;

    private AfterFailure() {
    }

    /** True when the session survives {@code thrown} (after an {@code RSET}); false when it must be discarded. */
    static boolean sessionSurvives(Throwable thrown) {
        boolean sawReply = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toVisit = new ArrayDeque<>();
        toVisit.push(thrown);
        while (!toVisit.isEmpty() && seen.size() < MAX_LINKS) {
            Throwable t = toVisit.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (!(t instanceof MessagingException me)) {
                return false; // IOException, RuntimeException, Error: the wire state is unknown
            }
            int code = replyCode(me);
            if (code == SERVICE_CLOSING || code == -2) {
                return false;
            }
            sawReply |= code >= 400;
            if (me.getNextException() != null) {
                toVisit.push(me.getNextException());
            }
            if (me.getCause() != null && me.getCause() != me.getNextException()) {
                toVisit.push(me.getCause());
            }
        }
        return sawReply;
    }

    /** The reply code a typed Angus exception carries, -1 for an untyped wrapper, -2 for a missing/odd code. */
    private static int replyCode(MessagingException e) {
        int code;
        if (e instanceof SMTPAddressFailedException a) {
            code = a.getReturnCode();
        } else if (e instanceof SMTPSendFailedException s) {
            code = s.getReturnCode();
        } else if (e instanceof SMTPSenderFailedException s) {
            code = s.getReturnCode();
        } else {
            return -1;
        }
        return code >= 400 && code < 600 ? code : -2;
    }
}
