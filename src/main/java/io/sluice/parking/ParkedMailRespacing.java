package io.sluice.parking;

import io.sluice.flowcontrol.DomainFlow.State;
import io.sluice.flowcontrol.FlowEvent;
import io.sluice.flowcontrol.FlowEventListener;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a site's parked mail new send slots when the site's rate has risen well above the rate those slots were
 * spaced at: its schedule is reset and its parked mail released (broker and database), so it comes back through the
 * gate and is spaced at the rate of now. Done when the site recovers (back to NORMAL from BACKOFF, SUSPENDED or
 * PROBING) and, in NORMAL, each time its rate reaches {@link #RESPACE_FACTOR} times the slowest rate since the last
 * time (for a site never re-spaced, since its first rate).
 *
 * <p>Why the second case: a parked message keeps the slot it reserved, and mail parked while the site was slow
 * holds slots spaced at that rate. After a cut to 0.78 msg/s against a receiver taking 1 msg/s, the flow climbed back
 * to 1.7 msg/s without a deferral, yet the site's backlog (all of it parked at the slow rate) drained at 0.8 msg/s
 * for minutes: the raises had nothing to act on (bench/tail; docs/benchmarks.md, stop 9). The same holds for a site
 * never held back: a delivery of 2,500 to a healthy site went at its initial 10 msg/s for 254 s while the flow's
 * rate climbed to 21.4, because all of it had slots at 10 msg/s from the claim on (stop 34). Re-spacing at every raise
 * would cycle the backlog through the broker every window; at a 1.5x rise it happens at most every ~4 windows of a
 * sustained climb (rampUpFactor 1.1), and the broker holds at most brokerHorizon x rate of a site's mail.
 */
public final class ParkedMailRespacing implements FlowEventListener {

    /** Re-space once the rate is this many times the slowest rate slots were given at since the last time. */
    public static final double RESPACE_FACTOR = 1.5;

    private static final Logger LOG = LoggerFactory.getLogger(ParkedMailRespacing.class);

    private final Consumer<String> resetSchedule;
    private final Function<String, String> releaseParked;
    private final Executor releaser;
    /** Per site: the slowest rate its slots were given at since its mail was last re-spaced. */
    private final Map<String, Double> spacedAt = new ConcurrentHashMap<>();

    /**
     * @param resetSchedule starts a site's send schedule afresh (FlowGate)
     * @param releaseParked brings a site's parked mail back now, returns what it did (ParkedMail)
     * @param releaser      runs the release off the thread that published the event (broker and database work)
     */
    public ParkedMailRespacing(Consumer<String> resetSchedule, Function<String, String> releaseParked, Executor releaser) {
        this.resetSchedule = resetSchedule;
        this.releaseParked = releaseParked;
        this.releaser = releaser;
    }

    @Override
    public void onEvent(FlowEvent event) {
        if (event instanceof FlowEvent.StateTransitioned t) {
            if (t.toState() == State.NORMAL && t.fromState() != State.NORMAL) {
                respace(t.key(), t.toRate(), "recovered");
            } else if (t.toState() != State.NORMAL) {
                // held back: from now on its mail may be parked at slots of this rate
                spacedAt.merge(t.key(), positive(Math.min(t.fromRate(), t.toRate())), Math::min);
            }
        } else if (event instanceof FlowEvent.RateChanged r) {
            // a site never held back has mail parked too: all it holds beyond the memory horizon, spaced at the rate
            // it had until this first change
            double since = spacedAt.merge(r.key(), positive(Math.min(r.fromRate(), r.toRate())), Math::min);
            if (r.state() == State.NORMAL && r.toRate() >= since * RESPACE_FACTOR) {
                respace(r.key(), r.toRate(), String.format(Locale.ROOT,
                        "rate %.3g msg/s, %.1fx the %.3g msg/s its parked mail was spaced at", r.toRate(),
                        r.toRate() / since, since));
            }
        }
    }

    /** Suspended (rate 0) gives no slots at all: it does not lower the rate slots were given at. */
    private static double positive(double rate) {
        return rate > 0 ? rate : Double.MAX_VALUE;
    }

    private void respace(String key, double rate, String why) {
        spacedAt.put(key, positive(rate));
        resetSchedule.accept(key);
        releaser.execute(() -> LOG.info("{} {}: {}", key, why, releaseParked.apply(key)));
    }
}
