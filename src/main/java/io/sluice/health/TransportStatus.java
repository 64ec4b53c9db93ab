package io.sluice.health;

import io.sluice.domains.SmtpTransport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the last probe of one SMTP transport found (immutable; each probe makes a new one).
 *
 * @param transport   the transport (scheme, host, port only: transports carry no credentials)
 * @param domains     the domains routed to it ({@code "*"} = the default relay)
 * @param up          null until first probed
 * @param answer      what answered on the last successful probe
 * @param checkedAt   when it was last probed (null = never)
 * @param since       when it entered its current state
 * @param lastError   the most recent failure, kept after it comes back up (null = never failed)
 * @param lastErrorAt when that failure was seen
 */
record TransportStatus(SmtpTransport transport, List<String> domains, Boolean up, String answer, Instant checkedAt,
                       Instant since, String lastError, Instant lastErrorAt) {

    static TransportStatus unknown(SmtpTransport transport, List<String> domains) {
        return new TransportStatus(transport, domains, null, null, null, null, null, null);
    }

    TransportStatus reachable(String what, Instant now) {
        return new TransportStatus(transport, domains, true, what, now, Boolean.TRUE.equals(up) ? since : now,
                lastError, lastErrorAt);
    }

    TransportStatus unreachable(String error, Instant now) {
        return new TransportStatus(transport, domains, false, null, now, Boolean.FALSE.equals(up) ? since : now,
                error, now);
    }

    String state() {
        return up == null ? "UNKNOWN" : up ? "UP" : "DOWN";
    }

    /** host:port */
    String address() {
        return transport.host() + ":" + transport.port();
    }

    /** The JSON-friendly view served by /health. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transport", transport.endpointUri());
        m.put("address", address());
        m.put("domains", domains);
        m.put("state", state());
        putIfSet(m, "answer", answer);
        putIfSet(m, "checkedAt", checkedAt);
        putIfSet(m, "since", since);
        putIfSet(m, "lastError", lastError);
        putIfSet(m, "lastErrorAt", lastErrorAt);
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }
}
