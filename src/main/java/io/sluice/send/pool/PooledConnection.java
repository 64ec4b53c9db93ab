package io.sluice.send.pool;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One open SMTP session and what the pool needs to know about it. Used by one thread at a time. */
final class PooledConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PooledConnection.class);

    /**
     * A connection idle longer than this is checked with RSET before it carries a message: a server may have
     * timed the session out meanwhile, and finding that out during MAIL FROM would cost the message a retry.
     */
    static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(1);

    private final Transport transport;
    private final Destination destination;
    private int transactions;
    private Instant lastUsed;
    private boolean resetBeforeNextUse;

    PooledConnection(Transport transport, Destination destination, Instant openedAt) {
        this.transport = transport;
        this.destination = destination;
        this.lastUsed = openedAt;
    }

    void send(MimeMessage message) throws MessagingException {
        transactions++;
        Address[] recipients = message.getAllRecipients();
        transport.sendMessage(message, recipients);
    }

    int transactions() {
        return transactions;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void usedAt(Instant when) {
        lastUsed = when;
    }

    /** The last transaction failed: the next one starts with a checked RSET. */
    void resetBeforeNextUse() {
        resetBeforeNextUse = true;
    }

    boolean idleSince(Instant cutoff) {
        return !lastUsed.isAfter(cutoff);
    }

    /**
     * Makes sure the session is at the start of a transaction before reuse (after a failure, or a long idle).
     *
     * @return false if the session is gone or the server did not answer RSET with 250: discard it
     */
    boolean readyForReuse(Instant now) {
        if (!resetBeforeNextUse && lastUsed.plus(CHECK_AFTER_IDLE).isAfter(now)) {
            return true;
        }
        try {
            if (transport instanceof SMTPTransport smtp) {
                smtp.issueCommand("RSET", 250);
            } else if (!transport.isConnected()) {
                return false;
            }
            resetBeforeNextUse = false;
            return true;
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("SMTP session to {} failed its RSET check, replacing it: {}", destination, e.toString());
            return false;
        }
    }

    /** QUIT and close; failures are only logged (the connection is being dropped anyway). */
    void close() {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Closing SMTP session to {}: {}", destination, e.toString());
        }
    }
}
