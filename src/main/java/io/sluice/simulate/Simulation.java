package io.sluice.simulate;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowControlSettings;
import io.sluice.flowcontrol.FlowEvent;
import io.sluice.flowcontrol.Outcome;
import io.sluice.flowcontrol.WindowCounts;
import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.parking.ParkedMailRespacing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One policy against one receiver model, in virtual time. It drives the flow-control registry exactly as the routes
 * do ({@code FlowControlFeed}): every 4xx reply goes to {@code onReply} at once, every attempt's outcome to
 * {@code onAttempt} (one at a time: nothing else is under way), every window's counts to {@code onGlobalWindow}. The
 * site's messages leave one after another, spaced as the gate spaces its backlog: at the rate (capped by the site's
 * {@code messagesPerHour}) of the last reset of its schedule, which a cut and a re-spacing of its parked mail
 * ({@code ParkedMailRespacing}) make, followed by the gate's pause ({@link #MEMORY_HORIZON},
 * {@code Setup.memoryHorizon}); a raise alone moves nothing. A deferred or refused message comes back after the
 * delivery's retry period. The first window closes {@code firstWindow} of a window after the first message (the
 * aggregator's windows run from the start of the service, so that share is anywhere in (0, 1]: {@link PhaseSweep}
 * runs several). What it does not model: SMTP round trips and connections in parallel, the claim's batches, the
 * time a result takes to reach the aggregator. Deterministic for a seed.
 */
public final class Simulation {

    /** The virtual start: a fixed instant, so that runs compare. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** How often a held-back site is looked at again while nothing else happens. */
    private static final long IDLE_STEP = Duration.ofSeconds(1).toNanos();
    /**
     * {@code sluice.flow.memory-horizon} as shipped. A cut voids the gate's schedule beyond it, so the site's next
     * slot after a cut is a horizon and one new interval away ({@code FlowGate.resetSchedule}): the real pipeline sends
     * next to nothing for about 2 s after each cut. Without it the simulator predicted 16 deferrals where the real
     * pipeline drew 9-10 (bench/simulate-calibration, learning on: one attempt in the 2 s after a cut to 5 msg/s).
     */
    public static final Duration MEMORY_HORIZON = Duration.ofSeconds(2);

    /**
     * What to run.
     *
     * @param site        the flow-control key (a domain, or an MX rollup site's name)
     * @param perHourRate the site's messagesPerHour as msg/s, or infinity
     * @param retryPeriod when a deferred or refused message is tried again
     * @param maxTime     the run stops there even if not everything was delivered
     * @param firstWindow when the first window closes after the first message, as a share of a window, in (0, 1]
     * @param memoryHorizon the gate's {@code sluice.flow.memory-horizon}: how long it sends nothing after a cut
     */
    public record Setup(FlowControlSettings policy, String site, double perHourRate, ReceiverModel receiver,
                        int messages, Duration retryPeriod, Duration maxTime, long seed, double firstWindow,
                        Duration memoryHorizon) {

        /** The shipped memory horizon ({@link #MEMORY_HORIZON}). */
        public Setup(FlowControlSettings policy, String site, double perHourRate, ReceiverModel receiver, int messages,
                     Duration retryPeriod, Duration maxTime, long seed, double firstWindow) {
            this(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed, firstWindow,
                    MEMORY_HORIZON);
        }

        /** The first window closing half a window after the first message: where it closes on average. */
        public Setup(FlowControlSettings policy, String site, double perHourRate, ReceiverModel receiver, int messages,
                     Duration retryPeriod, Duration maxTime, long seed) {
            this(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed, 0.5);
        }

        public Setup {
            if (!(firstWindow > 0 && firstWindow <= 1)) {
                throw new IllegalArgumentException("--phase must be in (0, 1], was " + firstWindow);
            }
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(receiver, "receiver");
            if (site == null || site.isBlank()) {
                throw new IllegalArgumentException("--site must name a domain or site");
            }
            if (messages < 1) {
                throw new IllegalArgumentException("--messages must be >= 1, was " + messages);
            }
            if (retryPeriod.isNegative() || maxTime.isZero() || maxTime.isNegative()) {
                throw new IllegalArgumentException("--retry-period must be >= 0 and --max-time > 0");
            }
            if (memoryHorizon.isNegative() || memoryHorizon.isZero()) {
                throw new IllegalArgumentException("--memory-horizon must be > 0, was " + memoryHorizon);
            }
        }

        /** The same run with the first window closing {@code share} of a window after the first message. */
        public Setup withFirstWindow(double share) {
            return new Setup(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed, share,
                    memoryHorizon);
        }

        /** The same run with another seed: the receiver's random draws differ. */
        public Setup withSeed(long other) {
            return new Setup(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, other, firstWindow,
                    memoryHorizon);
        }

        /** The same run with the gate's memory horizon {@code horizon}. */
        public Setup withMemoryHorizon(Duration horizon) {
            return new Setup(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed, firstWindow,
                    horizon);
        }
    }

    /** One second of the run: what the receiver saw and where flow control stood at its end. */
    public record Second(int second, long accepted, long deferred, long refused, double rate, String state) {
    }

    /**
     * What a run gave.
     *
     * @param seconds time until the last message was accepted (or the run stopped)
     */
    public record Result(int messages, long delivered, double seconds, double idealSeconds, long deferred,
                         long refused, List<Second> timeline, List<FlowEvent> events) {

        public Result {
            timeline = List.copyOf(timeline);
            events = List.copyOf(events);
        }

        public long attempts() {
            return delivered + deferred + refused;
        }

        /** Deferred and refused attempts per attempt. */
        public double badShare() {
            return attempts() == 0 ? 0 : (deferred + refused) / (double) attempts();
        }

        public boolean complete() {
            return delivered >= messages;
        }
    }

    private final Setup setup;

    public Simulation(Setup setup) {
        this.setup = setup;
    }

    public Result run() {
        VirtualClock clock = new VirtualClock(START);
        List<FlowEvent> events = new ArrayList<>();
        // the gate's schedule is reset on a cut (FlowGate.rateCutListener) and when the site's parked mail is re-spaced
        // (ParkedMailRespacing, the real class: on recovery, or a rise to 1.5x the rate its slots were spaced at)
        long[] resetAt = {-1};
        Consumer<String> resetSchedule = key -> resetAt[0] = clock.nanos();
        FlowControlRegistry registry = FlowControlRegistry.custom().settings(setup.policy()).clock(clock)
                .listener(events::add).listener(FlowGate.resetOnCut(resetSchedule))
                .listener(new ParkedMailRespacing(resetSchedule, key -> "", release -> { })).build();
        DomainFlow flow = registry.flow(setup.site());
        ReceiverModel.Receiver receiver = setup.receiver().start();
        // SplittableRandom's first draw is the seed through SplitMix64's finaliser; java.util.Random's hardly moves
        // between nearby seeds (0.7308, 0.7311, 0.7310 for seeds 1, 2, 3), so the anvil's place in its wall-clock
        // second, drawn first, was the same in every run of a phase sweep (its first period always 10.3 s)
        Random random = new Random(new SplittableRandom(setup.seed()).nextLong());
        long windowNanos = flow.getConfig().getWindow().toNanos();
        long retryNanos = setup.retryPeriod().toNanos();
        long end = setup.maxTime().toNanos();
        PriorityQueue<Long> retries = new PriorityQueue<>();
        int fresh = setup.messages();
        long delivered = 0, deferred = 0, refused = 0, lastAccepted = 0;
        // the aggregator's windows run from the start of the service, not from the site's first message
        long nextSlot = 0, nextWindow = Math.max(1, (long) (windowNanos * setup.firstWindow()));
        long resumeAt = 0; // after a reset of the schedule nothing is sent before it (FlowGate.pauseAfterReset)
        // the rate the backlog's slots were reserved at: the gate spaces all the mail it holds (up to the broker
        // horizon) at the rate of the moment, and a raise moves none of it until the schedule is reset
        double spacing = 0;
        WindowCounts window = WindowCounts.EMPTY;
        Timeline timeline = new Timeline();
        long t = 0;
        while (delivered < setup.messages() && t < end) {
            double rate = rate(registry, flow);
            if (resetAt[0] >= 0 || rate <= 0) {
                // mail takes fresh slots at the rate of now (a held-back site's mail drops its slots: FlowGate)
                spacing = rate;
                resumeAt = rate > 0 ? resetAt[0] + FlowGate.pauseAfterReset(setup.memoryHorizon(), rate).toNanos() : 0;
                resetAt[0] = -1;
            }
            long due = fresh > 0 ? t : retries.isEmpty() ? Long.MAX_VALUE : retries.peek();
            long send = rate > 0 && due != Long.MAX_VALUE ? Math.max(Math.max(nextSlot, due), Math.max(t, resumeAt))
                    : Long.MAX_VALUE;
            long wake = rate > 0 ? Long.MAX_VALUE : t + IDLE_STEP;
            if (nextWindow <= send || wake < send) {
                if (nextWindow <= wake) {
                    t = nextWindow;
                    clock.moveTo(t);
                    registry.onGlobalWindow(Map.of(setup.site(), window));
                    window = WindowCounts.EMPTY;
                    nextWindow += windowNanos;
                } else {
                    t = wake;
                    clock.moveTo(t);
                }
                timeline.at(t, flow);
                continue;
            }
            t = send;
            clock.moveTo(t);
            timeline.at(t, flow);
            if (fresh > 0) {
                fresh--;
            } else {
                retries.poll();
            }
            ReceiverModel.Answer answer = receiver.answer(t, random);
            switch (answer.kind()) {
                case ACCEPTED -> {
                    delivered++;
                    lastAccepted = t;
                    window = window.plus(Outcome.ACCEPTED);
                    registry.onAttempt(setup.site(), Outcome.ACCEPTED, 0);
                    timeline.accepted();
                }
                case DEFERRED -> {
                    deferred++;
                    window = window.plus(Outcome.DEFERRAL);
                    registry.onReply(setup.site(), answer.reply());
                    registry.onAttempt(setup.site(), Outcome.DEFERRAL, 0);
                    retries.add(t + retryNanos);
                    timeline.deferred();
                }
                case REFUSED -> {
                    refused++;
                    window = window.plus(Outcome.CONNECTION_FAILURE);
                    registry.onAttempt(setup.site(), Outcome.CONNECTION_FAILURE, 0);
                    retries.add(t + retryNanos);
                    timeline.refused();
                }
            }
            if (spacing <= 0) {
                spacing = rate; // the backlog's slots, reserved at the rate of its first send
            }
            nextSlot = send + (long) (1e9 / spacing);
        }
        double seconds = (delivered >= setup.messages() ? lastAccepted : t) / 1e9;
        double maxRate = Math.min(flow.getConfig().getMaxRate(), setup.perHourRate());
        return new Result(setup.messages(), delivered, seconds, setup.receiver().idealSeconds(setup.messages(), maxRate),
                deferred, refused, timeline.seconds(), events);
    }

    /** What the gate lets through now: nothing while the sender is paused; the hourly quota paced evenly. */
    private double rate(FlowControlRegistry registry, DomainFlow flow) {
        return registry.senderPaused() ? 0 : Math.min(flow.currentRate(), setup.perHourRate());
    }

    /** The per-second table, built as the virtual clock moves. */
    private static final class Timeline {
        private final List<Second> seconds = new ArrayList<>();
        private long accepted;
        private long deferred;
        private long refused;
        private double rate;
        private String state = "NORMAL";

        /** Closes every second that ended before {@code nanos}, with the flow as it stood. */
        void at(long nanos, DomainFlow flow) {
            int second = (int) (nanos / 1_000_000_000L);
            while (seconds.size() < second) {
                seconds.add(new Second(seconds.size() + 1, accepted, deferred, refused, rate, state));
            }
            rate = flow.currentRate();
            state = flow.getState().name();
        }

        void accepted() {
            accepted++;
        }

        void deferred() {
            deferred++;
        }

        void refused() {
            refused++;
        }

        List<Second> seconds() {
            List<Second> all = new ArrayList<>(seconds);
            all.add(new Second(seconds.size() + 1, accepted, deferred, refused, rate, state));
            return all;
        }
    }
}
