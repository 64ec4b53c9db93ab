package io.sluice.smtpsim;

import java.util.concurrent.atomic.AtomicReference;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Admits or refuses each new connection and keeps the session counters.
 *
 * <p>subethasmtp asks this before its {@code 220} greeting; a refusal is written instead of the
 * greeting and the connection is closed. That is the only greeting hook it offers: the text of
 * a successful {@code 220} cannot be replaced, only its host name part.
 */
final class ConnectionGate implements SessionHandler {

    private final SimulatorCounters counters;
    private final AtomicReference<SimulatedReply> refusal;

    ConnectionGate(SimulatorCounters counters, SimulatedReply initialRefusal) {
        this.counters = counters;
        this.refusal = new AtomicReference<>(initialRefusal);
    }

    void refuseWith(SimulatedReply reply) {
        refusal.set(reply);
    }

    @Override
    public SessionAcceptance accept(Session session) {
        counters.sessionOpened();
        SimulatedReply reply = refusal.get();
        if (reply != null) {
            // subethasmtp does not call onSessionEnd for refused sessions, so they never count as open.
            counters.sessionRefused();
            return SessionAcceptance.failure(reply.code(), reply.text());
        }
        counters.sessionStarted();
        return SessionAcceptance.success();
    }

    @Override
    public void onSessionEnd(Session session) {
        counters.sessionEnded();
    }
}
