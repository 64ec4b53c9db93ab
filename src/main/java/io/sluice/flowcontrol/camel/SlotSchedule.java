package io.sluice.flowcontrol.camel;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The send slots of every site, spaced 1/rate apart (GCRA, like KumoMTA): the real schedule of the mail the gate
 * admits or parks on the broker, and a virtual one behind it for the mail parked in the database, so that those
 * rows come back in turn instead of all at once. A reset voids the slots reserved so far; each reset starts a new
 * generation, so a message that comes back with a slot of an older generation takes a fresh one. Thread-safe.
 */
final class SlotSchedule {

    private final Map<String, Instant> nextSlot = new ConcurrentHashMap<>();
    /** Per site: the next virtual slot of mail parked in the database (beyond the broker horizon). */
    private final Map<String, Instant> nextFarSlot = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

    /** The site's next free real slot, or {@code now} when it has none ahead. */
    Instant front(String site, Instant now) {
        return nextSlot.getOrDefault(site, now);
    }

    /** Takes the site's next real slot, no earlier than {@code notBefore}, and moves the schedule on by 1/rate. */
    Instant take(String site, Instant notBefore, double rate) {
        return take(nextSlot, site, notBefore, rate);
    }

    /** Takes the site's next virtual slot (mail waiting in the database), no earlier than {@code notBefore}. */
    Instant takeFar(String site, Instant notBefore, double rate) {
        return take(nextFarSlot, site, notBefore, rate);
    }

    /** The site's generation: slots reserved under an older one are void. */
    long generation(String site) {
        AtomicLong g = generations.get(site);
        return g == null ? 0 : g.get();
    }

    /**
     * Voids the site's reserved slots: a new generation, the real schedule cut back to {@code keepUntil} (the slots
     * up to there are held by admitted messages), the virtual one forgotten.
     */
    void reset(String site, Instant keepUntil) {
        generations.computeIfAbsent(site, k -> new AtomicLong()).incrementAndGet();
        nextSlot.computeIfPresent(site, (k, next) -> next.isAfter(keepUntil) ? keepUntil : next);
        nextFarSlot.remove(site);
    }

    private static Instant take(Map<String, Instant> schedule, String site, Instant notBefore, double rate) {
        long spacingNanos = (long) (1_000_000_000L / rate);
        Instant[] slot = new Instant[1];
        schedule.compute(site, (d, next) -> {
            Instant s = next == null || next.isBefore(notBefore) ? notBefore : next;
            slot[0] = s;
            return s.plusNanos(spacingNanos);
        });
        return slot[0];
    }
}
