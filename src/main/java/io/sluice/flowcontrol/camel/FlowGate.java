package io.sluice.flowcontrol.camel;

import static io.sluice.SluiceConstants.SLUICE_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_PARK_IN_DATABASE;
import static io.sluice.SluiceConstants.SLUICE_PARK_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_RESERVED_GENERATION;
import static io.sluice.SluiceConstants.SLUICE_RESERVED_SLOT;
import static io.sluice.SluiceConstants.SLUICE_SEND_AT;
import static io.sluice.SluiceConstants.SLUICE_SITE;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowEvent;
import io.sluice.flowcontrol.FlowEventListener;
import io.sluice.flowcontrol.FlowSnapshot;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Decides, before the domain throttle, whether a message waits in memory (the throttle paces it) or is
 * parked on the broker until later. Each domain has a schedule of send slots spaced 1/rate apart
 * ({@link SlotSchedule}): a message whose slot is within {@code horizon} and whose domain has fewer than
 * {@code maxInMemory} messages waiting goes on; any other is parked until its slot. A suspended domain
 * parks until the suspension ends; a sender-side problem parks everything for {@code pausedRecheck}.
 * Mail parked further ahead than {@code brokerHorizon} waits in the database instead of on the broker (whose
 * scheduled messages all live in its heap), at a virtual slot behind the rest of the domain's backlog.
 * Memory therefore stays bounded (horizon x rate per domain) however large a domain's backlog, and a slow
 * domain never holds a thread another domain needs. An admitted message waits (Delay EIP, asynchronously)
 * for its own slot, then passes the domain's Throttle EIP, which caps the rate with headroom.
 * <p>
 * An admitted message holds one of its site's {@code maxInMemory} places until it is sent, fails, is parked or held
 * or dropped: the gate gives it back by itself ({@link InMemoryPlace}), so no route step has to.
 */
public final class FlowGate {

    /**
     * The throttle's per-second maximum is this many times the live rate. The gate already spaces each
     * domain's messages one slot apart, so the throttle is the hard ceiling, not the pacer: with headroom it
     * never has to hold a message back on its own. Why that matters: Camel's TotalRequests throttler re-runs a
     * delayed exchange on its shared scheduler and, when a newer exchange took the permit meanwhile, blocks
     * that scheduler thread in {@code DelayQueue.take()}; a few saturated domains then starve every other
     * domain's delayed mail (seen in the demo: healthy mail waiting until its validity ran out). Lowering
     * the maximum also blocks until enough permits are free, which headroom keeps immediate when a domain's
     * rate halves.
     */
    static final double THROTTLE_HEADROOM = 2.0;

    private final FlowControlRegistry registry;
    private final Clock clock;
    private final Duration horizon;
    private final int maxInMemory;
    private final Duration pausedRecheck;
    private final ToDoubleFunction<String> quota;
    private final Duration brokerHorizon;
    /** Slots shared with the other instances (null: this instance alone sends to its sites). */
    private final SharedSlots shared;
    /** The deliveries' caps, shared like the sites' rates when {@link #shared} is set (bound once the board exists). */
    private volatile DeliveryCaps deliveryCaps = DeliveryCaps.NONE;
    private final SlotSchedule schedule = new SlotSchedule();
    private final Map<String, AtomicInteger> inMemory = new ConcurrentHashMap<>();

    public FlowGate(FlowControlRegistry registry, Clock clock, Duration horizon, int maxInMemory, Duration pausedRecheck) {
        this(registry, clock, horizon, maxInMemory, pausedRecheck, key -> Double.POSITIVE_INFINITY);
    }

    public FlowGate(FlowControlRegistry registry, Clock clock, Duration horizon, int maxInMemory, Duration pausedRecheck,
                    ToDoubleFunction<String> quota) {
        this(registry, clock, horizon, maxInMemory, pausedRecheck, quota, Duration.ofDays(36_500) /* never: everything parks on the broker */);
    }

    /**
     * @param quota a site's hourly quota as msg/s (messagesPerHour / 3600; +infinity = none). Caps the flow-control
     *              rate, so the quota is paced evenly through the hour (one slot every 3600/N s); mail it holds back
     *              from a healthy site is parked as "Messages queued (connection quotas met)".
     * @param brokerHorizon mail parked further ahead than this waits in the database, not on the broker
     *              (sluice.flow.broker-horizon): the broker's share of a backlog is then about brokerHorizon x rate
     *              per domain, and a suspended domain's backlog costs no heap at all
     */
    public FlowGate(FlowControlRegistry registry, Clock clock, Duration horizon, int maxInMemory, Duration pausedRecheck,
                    ToDoubleFunction<String> quota, Duration brokerHorizon) {
        this(registry, clock, horizon, maxInMemory, pausedRecheck, quota, brokerHorizon, null);
    }

    /**
     * @param shared the send slots all instances share (sluice.cluster.shared-pacing), or null when this instance
     *               paces its sites alone: an admitted message then also needs a shared slot, and waits for the one it
     *               is granted; without one it is parked until the site's shared schedule has room again
     */
    public FlowGate(FlowControlRegistry registry, Clock clock, Duration horizon, int maxInMemory, Duration pausedRecheck,
                    ToDoubleFunction<String> quota, Duration brokerHorizon, SharedSlots shared) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("sluice.flow.memory-horizon must be > 0, was " + horizon);
        }
        if (maxInMemory < 1) {
            throw new IllegalArgumentException("sluice.flow.max-in-memory-per-domain must be >= 1, was " + maxInMemory);
        }
        this.registry = registry;
        this.clock = clock;
        this.horizon = horizon;
        this.maxInMemory = maxInMemory;
        this.pausedRecheck = pausedRecheck;
        this.quota = quota;
        if (brokerHorizon.compareTo(horizon) < 0) {
            throw new IllegalArgumentException("sluice.flow.broker-horizon must be >= sluice.flow.memory-horizon ("
                    + horizon + "), was " + brokerHorizon);
        }
        this.brokerHorizon = brokerHorizon;
        this.shared = shared;
    }

    public void decide(Exchange exchange) {
        String domain = flowKey(exchange);
        Instant now = clock.instant();
        exchange.removeProperty(SLUICE_PARK_UNTIL);
        exchange.removeProperty(SLUICE_PARK_IN_DATABASE);
        if (registry.senderPaused()) {
            exchange.removeProperty(SLUICE_RESERVED_SLOT); // re-scheduled from scratch when it comes back
            exchange.removeProperty(SLUICE_RESERVED_GENERATION);
            GateMarks.park(exchange, now.plus(pausedRecheck), true);
            return;
        }
        DomainFlow flow = registry.flow(domain);
        FlowSnapshot snapshot = flow.snapshot();
        double rate = pacedRate(domain);
        if (rate <= 0) {
            parkWhileHeldBack(exchange, snapshot, now); // suspended: paced again (probe rate) when it comes back
            return;
        }
        AtomicInteger waiting = inMemory.computeIfAbsent(domain, d -> new AtomicInteger());
        Long reserved = exchange.getProperty(SLUICE_RESERVED_SLOT, Long.class);
        Long reservedGeneration = exchange.getProperty(SLUICE_RESERVED_GENERATION, Long.class);
        if (reserved != null && (reservedGeneration == null || reservedGeneration != schedule.generation(domain))) {
            reserved = null; // reserved under a schedule since reset (e.g. at a probe rate): take a fresh slot
        }
        if (reserved != null) {
            Instant slot = Instant.ofEpochMilli(reserved);
            if (slot.isAfter(now.plus(horizon))) {
                GateMarks.park(exchange, slot, snapshot.heldBack()); // back early: wait for its own slot, reserve nothing new
            } else if (waiting.get() >= maxInMemory) {
                GateMarks.park(exchange, now.plusSeconds(1), snapshot.heldBack()); // keep the reservation, retry shortly
            } else {
                admit(exchange, domain, rate, waiting, slot, snapshot.heldBack());
            }
            return;
        }
        Instant front = schedule.front(domain, now);
        if (Duration.between(now, front).compareTo(brokerHorizon) > 0) {
            // The schedule is full beyond the broker horizon: take a virtual slot behind the database's share of
            // the backlog, so rows come back in turn instead of all at once, and reserve no real slot yet.
            GateMarks.parkInDatabase(exchange, schedule.takeFar(domain, front, rate), snapshot.heldBack());
            return;
        }
        Instant slot = schedule.take(domain, now, rate);
        if (Duration.between(now, slot).compareTo(horizon) > 0 || waiting.get() >= maxInMemory) {
            GateMarks.parkReserved(exchange, slot, schedule.generation(domain), snapshot.heldBack());
            return;
        }
        admit(exchange, domain, rate, waiting, slot, snapshot.heldBack());
    }

    /**
     * Admits a message whose own slot has come: at that slot when this instance paces the site alone, else at the
     * shared slot it is granted. Refused one (the instances together have used the site's rate up to the horizon), it
     * is parked until the shared schedule has room, at its turn of this instance's schedule from then.
     */
    private void admit(Exchange exchange, String domain, double rate, AtomicInteger waiting, Instant slot,
                       boolean heldBack) {
        if (shared == null) {
            GateMarks.admit(exchange, waiting, slot);
            return;
        }
        // a capped delivery's own slot first: the instances together send it at its cap, not N times it
        DeliveryCaps.Cap cap = deliveryCaps.capOf(exchange);
        SharedSlots.Grant capSlot = cap == null ? null : shared.take(cap.key(), cap.rate());
        if (capSlot != null && !capSlot.granted()) {
            GateMarks.parkReserved(exchange, schedule.take(domain, capSlot.at(), rate), schedule.generation(domain),
                    heldBack);
            return;
        }
        SharedSlots.Grant grant = shared.take(domain, rate);
        if (grant.granted()) {
            Instant at = capSlot != null && capSlot.at().isAfter(grant.at()) ? capSlot.at() : grant.at();
            GateMarks.admit(exchange, waiting, at);
            return;
        }
        Instant later = schedule.take(domain, grant.at(), rate);
        GateMarks.parkReserved(exchange, later, schedule.generation(domain), heldBack);
    }

    /**
     * Shares the deliveries' caps between the instances as the sites' rates are (nothing to share without shared
     * slots: each instance's per-delivery throttle is then the cap).
     */
    public void shareDeliveryCaps(DeliveryCaps caps) {
        this.deliveryCaps = java.util.Objects.requireNonNull(caps, "caps");
    }

    /**
     * Milliseconds an admitted message still waits for its slot (the route's Delay EIP waits that long
     * without holding a thread). Each message waits for its own slot, so a domain's mail leaves in order at
     * the domain's rate and a late message can never be overtaken indefinitely.
     */
    public long millisToSlot(Exchange exchange) {
        Long sendAt = exchange.getProperty(SLUICE_SEND_AT, Long.class);
        return sendAt == null ? 0 : Math.max(0, sendAt - clock.millis());
    }

    /**
     * Second look after the throttle: a domain suspended (or a sender paused) while the message waited in
     * memory must not get it anyway; it is parked until the suspension ends.
     */
    public void recheck(Exchange exchange) {
        String domain = flowKey(exchange);
        exchange.removeProperty(SLUICE_PARK_UNTIL);
        exchange.removeProperty(SLUICE_PARK_IN_DATABASE);
        if (registry.senderPaused() || registry.rateFor(domain) <= 0) {
            parkWhileHeldBack(exchange, registry.flow(domain).snapshot(), clock.instant());
        }
    }

    /** The rate the gate paces a site at: flow control's live rate, capped by the site's hourly quota. */
    private double pacedRate(String key) {
        return Math.min(registry.rateFor(key), quota.applyAsDouble(key));
    }

    /**
     * Parks a message of a suspended domain (or of a paused sender) until the suspension ends, or for
     * {@code pausedRecheck} when no end is known; in the database when that is beyond the broker horizon. Its
     * reserved slot is dropped: it takes a fresh one at the rate of the time it comes back.
     */
    private void parkWhileHeldBack(Exchange exchange, FlowSnapshot snapshot, Instant now) {
        Instant until = snapshot.until() != null && snapshot.until().isAfter(now) ? snapshot.until() : now.plus(pausedRecheck);
        exchange.removeProperty(SLUICE_RESERVED_SLOT);
        exchange.removeProperty(SLUICE_RESERVED_GENERATION);
        if (Duration.between(now, until).compareTo(brokerHorizon) > 0) {
            GateMarks.parkInDatabase(exchange, until, true);
        } else {
            GateMarks.park(exchange, until, true);
        }
    }

    /**
     * The key this message is paced and judged by: its site ({@code SluiceSite}: the MX rollup rule, the MX host
     * set, or the domain itself for relays and transport overrides), else its domain.
     */
    public static String flowKey(Exchange exchange) {
        String site = exchange.getMessage().getHeader(SLUICE_SITE, String.class);
        return site != null ? site : exchange.getMessage().getHeader(SLUICE_DOMAIN, String.class);
    }

    /** Predicate {@code mustPark}: the gate (decide or recheck) says the message is to be parked, not sent now. */
    public static boolean mustPark(Exchange exchange) {
        return exchange.getProperty(SLUICE_PARK_UNTIL) != null;
    }

    /**
     * Maximum requests per second for the domain throttle: the registry's live rate with
     * {@link #THROTTLE_HEADROOM}. Rates below 1/s are spaced by the slots above, so the throttle never needs
     * to express them.
     */
    public int permits(String domain) {
        double rate = pacedRate(domain);
        return Math.max(1, (int) Math.ceil(rate * THROTTLE_HEADROOM));
    }

    /**
     * Follows the registry's events: when a key's rate is cut, the slots reserved at the old rate are void. Without
     * this, mail parked while the rate was high came back one old (short) slot apart after the cut, faster than the
     * new rate: the receiver deferred it again and the rate was cut again (bench/load's rate-limited domains sank to
     * a fifth of their receivers' limit).
     */
    public FlowEventListener rateCutListener() {
        return resetOnCut(this::resetSchedule);
    }

    /** Calls {@code resetSchedule} with the key of each event that cut a rate: the gate's, or the simulator's. */
    public static FlowEventListener resetOnCut(Consumer<String> resetSchedule) {
        return event -> {
            if (event.cutTo().isPresent()) {
                resetSchedule.accept(event.key());
            }
        };
    }

    /**
     * Forgets a domain's schedule beyond the messages admitted to memory: slots reserved so far are void (their
     * messages take fresh slots at the current rate when they come back). Called when a domain's rate is cut, when
     * it recovers, or when the operator releases its mail.
     */
    public void resetSchedule(String domain) {
        String key = FlowControlRegistry.normalizeKey(domain);
        // Keep the part of the schedule that admitted messages already hold (slots up to the memory horizon), and
        // one new interval after it: forgetting it too let fresh slots start now, beside messages still waiting for
        // theirs, and two messages reached the receiver within a second right after each cut (bench/load).
        schedule.reset(key, clock.instant().plus(pauseAfterReset(horizon, pacedRate(key))));
        if (shared != null) {
            shared.forget(key);
        }
    }

    /**
     * How long after a reset of its schedule a site's next fresh slot is: the memory horizon (the slots admitted mail
     * may hold) and one interval at the new rate. The simulator models the same pause with this.
     */
    public static Duration pauseAfterReset(Duration memoryHorizon, double rate) {
        return memoryHorizon.plusNanos(rate > 0 ? (long) (1_000_000_000L / rate) : 0);
    }

    /** Messages of the domain waiting in memory on this instance. */
    public int inMemory(String domain) {
        AtomicInteger n = inMemory.get(domain);
        return n == null ? 0 : n.get();
    }
}
