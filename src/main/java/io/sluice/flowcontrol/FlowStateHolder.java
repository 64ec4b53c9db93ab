package io.sluice.flowcontrol;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The config and {@link FlowState} of one {@link DomainFlow} in an {@link AtomicReference}. Every event first applies
 * the time-based moves that are due, then computes the next state through the current state's class; a changed state
 * is swapped in and only then are the events it produced published.
 */
final class FlowStateHolder {

    private static final System.Logger LOG = System.getLogger(DomainFlow.class.getName());

    /** The config in force and the state under it, swapped together. */
    record Held(FlowControlConfig config, FlowState state) {
    }

    /** One event: the next state from the current one (time-based moves already applied). */
    @FunctionalInterface
    interface Event {
        FlowState apply(FlowContext c, FlowState s);
    }

    private final String key;
    private final Clock clock;
    private final List<FlowEventListener> listeners;
    private final AtomicReference<Held> ref;
    private final Object transitionLock = new Object();
    private volatile boolean sharesOnly;

    FlowStateHolder(String key, FlowControlConfig config, FlowState start, Clock clock,
                    List<FlowEventListener> listeners) {
        this.key = key;
        this.clock = clock;
        this.listeners = listeners;
        this.ref = new AtomicReference<>(new Held(Objects.requireNonNull(config, "config"), start));
    }

    Instant now() {
        return clock.instant();
    }

    /** Other instances send to this site too: a renewal measures only this instance's share (see FlowContext). */
    void sharesOnly(boolean b) {
        sharesOnly = b;
    }

    FlowControlConfig config() {
        return ref.get().config();
    }

    /** The state now, after the time-based moves that are due. */
    Held advance() {
        return update(null, (c, s) -> s);
    }

    /**
     * Applies due time-based moves (under the config in force), then {@code event} (under {@code newConfig} if not
     * null), swaps the result in and publishes its events.
     *
     * @return what is held now
     */
    Held update(FlowControlConfig newConfig, Event event) {
        Held current = ref.get();
        FlowContext probe = new FlowContext(key, current.config(), clock.instant(), sharesOnly);
        Held next = apply(probe, current, newConfig, event);
        if (!changed(current, next, probe)) {
            return current; // the common read path stays lock-free
        }
        // Changes are serialised so that listeners see events in the order the transitions happened
        // (a CAS loop alone lets two threads publish out of order).
        synchronized (transitionLock) {
            current = ref.get();
            FlowContext c = new FlowContext(key, current.config(), clock.instant(), sharesOnly);
            next = apply(c, current, newConfig, event);
            if (!changed(current, next, c)) {
                return current;
            }
            ref.set(next);
            publish(c.events());
            return next;
        }
    }

    private static Held apply(FlowContext c, Held current, FlowControlConfig newConfig, Event event) {
        FlowState timed = c.onTime(current.state());
        FlowContext under = newConfig == null ? c : c.reconfigured(newConfig);
        return new Held(under.config(), event.apply(under, timed));
    }

    private static boolean changed(Held current, Held next, FlowContext c) {
        return c.produced() || next.config() != current.config()
                || next.state() != current.state() && !next.state().equals(current.state());
    }

    private void publish(List<FlowEvent> events) {
        for (FlowEvent e : events) {
            for (FlowEventListener l : listeners) {
                try {
                    l.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "flow-control listener failed on: " + e, ex);
                }
            }
        }
    }
}
