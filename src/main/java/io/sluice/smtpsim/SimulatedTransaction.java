package io.sluice.smtpsim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * One SMTP mail transaction (subethasmtp creates a handler per {@code MAIL FROM}). Applies the
 * recipient domain's behaviour at {@code RCPT TO} and records the outcome.
 */
final class SimulatedTransaction implements MessageHandler {

    private static final SimulatedReply TOO_BIG = new SimulatedReply(552, "5.3.4 Message size exceeds fixed maximum message size");

    private final MessageContext context;
    private final SimulatorRuntime runtime;

    private String from = "";
    private final List<String> recipients = new ArrayList<>();
    private final Set<String> recipientDomains = new LinkedHashSet<>();
    private boolean dropAtData;

    SimulatedTransaction(MessageContext context, SimulatorRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    @Override
    public void from(String address) {
        from = address == null ? "" : address;
    }

    @Override
    public void recipient(String address) throws RejectException {
        int at = address.lastIndexOf('@');
        String localPart = at < 0 ? address : address.substring(0, at);
        String domain = at < 0 ? "" : BehaviourTable.normalise(address.substring(at + 1));
        DomainState state = runtime.policies().stateFor(domain);
        runtime.pause(state.behaviour().delay());
        RecipientVerdict verdict = state.decide(localPart);
        switch (verdict.action()) {
            case ACCEPT, ACCEPT_THEN_DROP_AT_DATA -> {
                recipients.add(address);
                recipientDomains.add(domain);
                runtime.counters().recipientAccepted(domain);
                dropAtData |= verdict.action() == RecipientVerdict.Action.ACCEPT_THEN_DROP_AT_DATA;
            }
            case REFUSE -> {
                runtime.counters().recipientRefused(domain, verdict.refusal());
                throw verdict.refusal().toRejectException();
            }
            case DROP -> throw dropConnection();
        }
    }

    @Override
    public String data(InputStream content) throws RejectException, IOException {
        boolean capture = runtime.capture().hasRoom();
        ByteArrayOutputStream copy = capture ? new ByteArrayOutputStream(4096) : null;
        long size = readFully(content, copy);
        if (dropAtData) {
            throw dropConnection();
        }
        int max = runtime.maxMessageSize();
        if (max > 0 && size > max) {
            throw TOO_BIG.toRejectException();
        }
        runtime.counters().messageAccepted(recipientDomains);
        if (capture) {
            runtime.capture().offer(new ReceivedMessage(from, recipients, copy.toByteArray(), runtime.clock().instant()));
        }
        return null; // subethasmtp then answers "250 Ok"
    }

    @Override
    public void done() {
        // nothing held per transaction beyond this object
    }

    /**
     * Reads the content to its end (the client must get to the final dot before any reply), keeping
     * a copy only when capturing and only up to the size limit.
     */
    private long readFully(InputStream content, ByteArrayOutputStream copy) throws IOException {
        int max = runtime.maxMessageSize();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = content.read(buffer)) != -1) {
            if (copy != null && (max == 0 || total + n <= max)) {
                copy.write(buffer, 0, n);
            }
            total += n;
        }
        return total;
    }

    /**
     * Closes the socket first so the reply subethasmtp writes for a {@link DropConnectionException}
     * goes nowhere: the client sees the connection end with no answer. subethasmtp passes its
     * {@link Session} as the context; should that ever change, the client gets a 421 and a close.
     */
    private DropConnectionException dropConnection() {
        runtime.counters().connectionDropped();
        if (context instanceof Session session) {
            try {
                session.closeSocket();
            } catch (IOException ignored) {
                // already gone is just as good
            }
        }
        return new DropConnectionException(421, "4.4.2 Connection dropped by simulator");
    }
}
