package io.sluice.send.pool;

import jakarta.mail.MessagingException;
import java.net.SocketTimeoutException;

/**
 * Every connection to a destination stayed busy for the whole borrow timeout. Caused by a
 * {@link SocketTimeoutException} so the failure classifier treats it like any connection timeout: the message
 * stays Pending and is retried, it says nothing about the recipient.
 */
public final class ConnectionWaitTimeoutException extends MessagingException {

    public ConnectionWaitTimeoutException(Destination destination, int maxConnections, long waitedMillis) {
        super("Timed out after " + waitedMillis + " ms waiting for one of the " + maxConnections
                + " SMTP connections to " + destination,
                new SocketTimeoutException("no free pooled SMTP connection to " + destination));
    }
}
