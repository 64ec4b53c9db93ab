package io.sluice.smtpsim;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe lookup from recipient domain to its {@link DomainState}. Session threads read it on
 * every {@code RCPT TO} while a test may change it, hence concurrent maps and a volatile default.
 */
final class BehaviourTable {

    private final Clock clock;
    private final Map<String, DomainState> configured = new ConcurrentHashMap<>();
    /**
     * Per-domain copies of a stateful default (a rate-limited default limits each domain on its
     * own). Stays empty for a stateless default so unknown domains cost no memory.
     */
    private final Map<String, DomainState> defaulted = new ConcurrentHashMap<>();
    private volatile DomainState defaultState;

    BehaviourTable(Clock clock, DomainBehaviour defaultBehaviour) {
        this.clock = clock;
        this.defaultState = new DomainState(defaultBehaviour, clock);
    }

    static String normalise(String domain) {
        return Objects.requireNonNull(domain, "domain").strip().toLowerCase(Locale.ROOT);
    }

    void set(String domain, DomainBehaviour behaviour) {
        configured.put(normalise(domain), new DomainState(Objects.requireNonNull(behaviour, "behaviour"), clock));
    }

    void remove(String domain) {
        configured.remove(normalise(domain));
    }

    synchronized void setDefault(DomainBehaviour behaviour) {
        defaultState = new DomainState(Objects.requireNonNull(behaviour, "behaviour"), clock);
        defaulted.clear();
    }

    DomainBehaviour behaviourFor(String domain) {
        return stateFor(normalise(domain)).behaviour();
    }

    /** @param domain already normalised (lower case) */
    DomainState stateFor(String domain) {
        DomainState state = configured.get(domain);
        if (state != null) {
            return state;
        }
        DomainState fallback = defaultState;
        if (!fallback.isStateful()) {
            return fallback;
        }
        return defaulted.computeIfAbsent(domain, d -> new DomainState(fallback.behaviour(), clock));
    }
}
