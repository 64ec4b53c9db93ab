package io.sluice.result;

import io.sluice.dns.DnsLookupException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;

/**
 * Turns whatever a send attempt threw into a {@link SendFailure}.
 *
 * <p>The whole chain is searched (causes and {@code getNextException()}), in three passes by decreasing
 * certainty:
 * <ol>
 *   <li>a <b>server reply</b> anywhere in the chain decides: 5xx is {@link SendOutcome#HARD_FAILURE}, 4xx is
 *       {@link SendOutcome#SOFT_FAILURE}. Replies come from Angus's typed exceptions (RCPT, MAIL, DATA), from a
 *       bad greeting, or from a plain {@code MessagingException} whose message is a reply (Angus's
 *       {@code issueCommand} failures: EHLO, STARTTLS). A rejected login is ours, not the recipient's:
 *       {@link SendOutcome#INTERNAL_FAILURE}.</li>
 *   <li>our own infrastructure (JDBC, JMS) in the chain means {@link SendOutcome#INTERNAL_FAILURE}, even when
 *       it was caused by a network error: a database that cannot be reached says nothing about a recipient.</li>
 *   <li>a <b>network error</b> (refused, unreachable, DNS, timeout, reset, EOF, TLS, or Angus's messages for
 *       them) is {@link SendOutcome#CONNECTION_FAILURE}.</li>
 * </ol>
 * Anything else is {@link SendOutcome#INTERNAL_FAILURE}: a template, a null, a bug.
 */
public final class SendFailureClassifier {

    /** Angus's message when the server's greeting is not 220 (SMTPTransport.openServer). */
    private static final String BAD_GREETING = "Got bad greeting from SMTP host";
    /** Angus's message when the connection closed or timed out before any greeting (SMTPTransport.openServer). */
    private static final String NO_GREETING = "Could not connect to SMTP host";

    /** Angus's messages for network trouble it reports without a typed exception in the chain. */
    private static final List<String> CONNECTION_MESSAGES = List.of(
            NO_GREETING,
            "Can't send command to SMTP host",
            "Exception reading response",
            "Could not start protocol to SMTP host",
            "Could not convert socket to TLS",
            // a domain configured requireTls whose server does not offer STARTTLS: never sent in plain text
            "STARTTLS is required but host does not support STARTTLS",
            "Unknown SMTP host");

    /**
     * How Angus embeds a reply in a connection-stage message ("Got bad greeting from SMTP host: h, port: 25,
     * response: 421 4.7.0 Try again later"); older JavaMail said "Could not connect to SMTP host: ..., response: ".
     */
    private static final String EMBEDDED_RESPONSE = ", response: ";

    private static final List<Class<? extends Throwable>> CONNECTION_TYPES = List.of(
            ConnectException.class,
            NoRouteToHostException.class,
            UnknownHostException.class,
            SocketTimeoutException.class,
            SocketException.class, // connection reset, broken pipe
            EOFException.class,
            SSLException.class,
            MailConnectException.class,
            SocketConnectException.class);

    /** JMS is not a compile dependency of this package: recognised by name, walking up the class hierarchy. */
    private static final List<String> OWN_INFRASTRUCTURE_TYPE_NAMES =
            List.of("jakarta.jms.JMSException", "jakarta.jms.JMSRuntimeException");

    public SendFailure classify(Throwable thrown) {
        List<Throwable> chain = ExceptionChain.of(thrown);
        return dnsVerdict(chain)
                .or(() -> serverVerdict(chain))
                .or(() -> ownInfrastructureFailure(chain))
                .or(() -> connectionFailure(chain))
                .orElseGet(() -> new SendFailure(SendOutcome.INTERNAL_FAILURE, null, describe(chain)));
    }

    /**
     * MX resolution failed before any connection: NXDOMAIN, a null MX or no mail host at all is a hard failure
     * (see {@link #invalidDomain}); SERVFAIL, REFUSED or a timeout is a connection-class soft failure (retried).
     */
    private Optional<SendFailure> dnsVerdict(List<Throwable> chain) {
        return chain.stream().filter(DnsLookupException.class::isInstance).map(DnsLookupException.class::cast)
                .findFirst()
                .map(e -> new SendFailure(e.permanent() ? SendOutcome.HARD_FAILURE : SendOutcome.CONNECTION_FAILURE,
                        null, e.getMessage()));
    }

    /**
     * True when no SMTP session was established with the host: the connection was refused, timed out or found no
     * route, or the server greeted with something else than 220 or not at all. Nothing of the message reached that
     * host, so the next MX host may be tried at once (RFC 5321 section 5.1). A failure after the greeting (the connection dropped
     * during the transaction, a reply to MAIL, RCPT or DATA) is not: the host may have taken the message.
     */
    public static boolean notConnected(Throwable thrown) {
        return thrown != null && ExceptionChain.of(thrown).stream().anyMatch(t -> t instanceof MailConnectException
                || t instanceof SocketConnectException || t instanceof ConnectException
                || t instanceof NoRouteToHostException
                || t instanceof MessagingException && t.getMessage() != null
                        && (t.getMessage().startsWith(BAD_GREETING) || t.getMessage().startsWith(NO_GREETING)));
    }

    /** True when the failure is a permanent DNS answer about the domain: Campaign's reason Invalid domain. */
    public static boolean invalidDomain(Throwable thrown) {
        // the first DNS failure decides: "no MX host has an address" (temporary) may wrap a host's NXDOMAIN
        return thrown != null && ExceptionChain.of(thrown).stream()
                .filter(DnsLookupException.class::isInstance).map(DnsLookupException.class::cast)
                .findFirst().map(DnsLookupException::permanent).orElse(false);
    }

    private Optional<SendFailure> serverVerdict(List<Throwable> chain) {
        for (Throwable t : chain) {
            OptionalInt returnCode = smtpReturnCode(t);
            if (returnCode.isPresent()) {
                int code = returnCode.getAsInt();
                if (code >= 400 && code <= 599) {
                    return Optional.of(byReply(replyOf(code, t.getMessage())));
                }
                if (code < 200) {
                    // Angus reports -1 when the server hung up ("[EOF]") or answered garbage.
                    return Optional.of(new SendFailure(SendOutcome.CONNECTION_FAILURE, null,
                            "connection lost, server response: " + t.getMessage()));
                }
                continue; // 2xx/3xx wrapper (partial send): the real rejection is further down the chain
            }
            if (t instanceof AuthenticationFailedException) {
                SmtpReply reply = SmtpReply.parse(t.getMessage()).orElse(null);
                return Optional.of(new SendFailure(SendOutcome.INTERNAL_FAILURE, reply,
                        "SMTP authentication failed (check relay credentials): " + t.getMessage()));
            }
            if (t instanceof MessagingException && t.getMessage() != null) {
                Optional<SendFailure> fromMessage = fromMessageReply(t.getMessage());
                if (fromMessage.isPresent()) {
                    return fromMessage;
                }
            }
        }
        return Optional.empty();
    }

    /** A bad greeting embeds the reply after "response: "; a failed EHLO/STARTTLS is the bare reply. */
    private Optional<SendFailure> fromMessageReply(String message) {
        Optional<SmtpReply> reply = SmtpReply.parse(message);
        if (message.contains(EMBEDDED_RESPONSE)) {
            return Optional.of(reply.filter(r -> r.code() >= 400)
                    .map(this::byReply)
                    .orElseGet(() -> new SendFailure(SendOutcome.CONNECTION_FAILURE, null, message)));
        }
        return reply.filter(r -> r.code() >= 400 && message.strip().startsWith(String.valueOf(r.code())))
                .map(this::byReply);
    }

    private SendFailure byReply(SmtpReply reply) {
        SendOutcome outcome = reply.isPermanent() ? SendOutcome.HARD_FAILURE : SendOutcome.SOFT_FAILURE;
        return new SendFailure(outcome, reply, reply.toString());
    }

    /** Prefers the reply as the server wrote it; falls back to the bare code when the text does not parse. */
    private static SmtpReply replyOf(int code, String serverResponse) {
        return SmtpReply.parse(serverResponse)
                .filter(r -> r.code() == code)
                .orElseGet(() -> new SmtpReply(code, null, serverResponse));
    }

    private static OptionalInt smtpReturnCode(Throwable t) {
        if (t instanceof SMTPAddressFailedException e) {
            return OptionalInt.of(e.getReturnCode());
        }
        if (t instanceof SMTPSendFailedException e) {
            return OptionalInt.of(e.getReturnCode());
        }
        if (t instanceof SMTPSenderFailedException e) {
            return OptionalInt.of(e.getReturnCode());
        }
        return OptionalInt.empty();
    }

    private Optional<SendFailure> ownInfrastructureFailure(List<Throwable> chain) {
        return chain.stream()
                .filter(SendFailureClassifier::isOwnInfrastructure)
                .findFirst()
                .map(t -> new SendFailure(SendOutcome.INTERNAL_FAILURE, null, describe(chain)));
    }

    private static boolean isOwnInfrastructure(Throwable t) {
        if (t instanceof SQLException) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (OWN_INFRASTRUCTURE_TYPE_NAMES.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    private Optional<SendFailure> connectionFailure(List<Throwable> chain) {
        boolean network = chain.stream().anyMatch(t -> CONNECTION_TYPES.stream().anyMatch(c -> c.isInstance(t))
                || t instanceof MessagingException && startsWithConnectionMessage(t.getMessage()));
        return network
                ? Optional.of(new SendFailure(SendOutcome.CONNECTION_FAILURE, null, describe(chain)))
                : Optional.empty();
    }

    private static boolean startsWithConnectionMessage(String message) {
        return message != null && CONNECTION_MESSAGES.stream().anyMatch(message::startsWith);
    }

    /** "Outer: message; caused by Root: message": what happened and why, without a stack trace. */
    private static String describe(List<Throwable> chain) {
        if (chain.isEmpty()) {
            return "no exception given";
        }
        Throwable top = chain.get(0);
        Throwable root = rootCause(top);
        return root == top ? describe(top) : describe(top) + "; caused by " + describe(root);
    }

    private static Throwable rootCause(Throwable top) {
        List<Throwable> causes = ExceptionChain.causesOf(top);
        return causes.get(causes.size() - 1);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank()
                ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message;
    }
}
