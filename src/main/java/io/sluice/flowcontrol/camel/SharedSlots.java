package io.sluice.flowcontrol.camel;

import java.time.Instant;

/**
 * The send slots of a site when several instances share its rate: the gate admits a message only with a slot granted
 * here, so the instances together never send a site faster than its rate (the GCRA's theoretical arrival time kept in
 * one place all instances reach, as KumoMTA keeps it in Redis). Slots are granted only up to about the gate's memory
 * horizon ahead, so an instance that dies wastes at most that much of a site's time, never more.
 */
public interface SharedSlots {

    /**
     * One send slot of the site at the given rate.
     *
     * @return a granted slot (at or after now, within about the memory horizon), or, when none is free that soon or
     *         none can be had (the shared store is unreachable: fail closed), a refusal with the time to ask again
     */
    Grant take(String site, double rate);

    /** Drops the slots this instance holds for the site but has not used (its rate was cut). */
    void forget(String site);

    /** What {@link #take} answered: a slot to send at, or when to come back. */
    record Grant(Instant at, boolean granted) {

        public static Grant slot(Instant at) {
            return new Grant(at, true);
        }

        public static Grant comeBackAt(Instant at) {
            return new Grant(at, false);
        }
    }
}
