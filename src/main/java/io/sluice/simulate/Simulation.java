package io.sluice.simulate;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
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
 * {@code SimulationSetup.memoryHorizon}); a raise alone moves nothing. A deferred or refused message comes back after
 * the delivery's retry period. The first window closes {@code firstWindow} of a window after the first message (the
 * aggregator's windows run from the start of the service, so that share is anywhere in (0, 1]: {@link PhaseSweep}
 * runs several). With {@code learnedStart} a first delivery teaches the flow and a second, begun a window after it, is
 * reported on the same axis as a cold run (its first delivery runs before {@link #START}). What it does not model:
 * SMTP round trips and connections in parallel, the claim's batches, the time a result takes to reach the aggregator.
 * Deterministic for a seed.
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

    private final SimulationSetup setup;

    public Simulation(SimulationSetup setup) {
        this.setup = setup;
    }

    public Result run() {
        if (!setup.learnedStart()) {
            return run(START).result();
        }
        // the delivery reported begins at START, as a cold one does (its timeline and events line up with the other
        // policy's): the first, which teaches the flow, runs before it, for as long as a first run shows it takes
        return run(START.minusNanos(run(START).base())).result();
    }

    /** A run's result, and when the delivery it reports began (nanoseconds after the run's start). */
    private record Reported(Result result, long base) {
    }

    private Reported run(Instant clockStart) {
        VirtualClock clock = new VirtualClock(clockStart);
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
        // with a learned start a first delivery teaches the flow, and the one reported begins at base
        boolean teaching = setup.learnedStart();
        long base = 0;
        // the aggregator's windows run from the start of the service, not from the site's first message
        long nextSlot = 0, nextWindow = Math.max(1, (long) (windowNanos * setup.firstWindow()));
        long resumeAt = 0; // after a reset of the schedule nothing is sent before it (FlowGate.pauseAfterReset)
        // the rate the backlog's slots were reserved at: the gate spaces all the mail it holds (up to the broker
        // horizon) at the rate of the moment, and a raise moves none of it until the schedule is reset
        double spacing = 0;
        WindowCounts window = WindowCounts.EMPTY;
        Timeline timeline = new Timeline();
        long t = 0;
        while (true) {
            if (delivered >= setup.messages() || t >= end) {
                if (!teaching) {
                    break;
                }
                // a later delivery of as many, once the receiver's period passed (a window), with its own --max-time;
                // what the first did not deliver within its own is dropped
                teaching = false;
                base = Math.max(t, lastAccepted + windowNanos);
                end = base + setup.maxTime().toNanos();
                fresh = setup.messages();
                spacing = 0; // its backlog takes slots at the rate of then
                retries.clear();
                delivered = deferred = refused = 0;
                lastAccepted = base;
                timeline = new Timeline();
                continue;
            }
            double rate = rate(registry, flow);
            if (resetAt[0] >= 0 || rate <= 0) {
                // mail takes fresh slots at the rate of now (a held-back site's mail drops its slots: FlowGate)
                spacing = rate;
                resumeAt = rate > 0 ? resetAt[0] + FlowGate.pauseAfterReset(setup.memoryHorizon(), rate).toNanos() : 0;
                resetAt[0] = -1;
            }
            long due = fresh > 0 ? Math.max(t, base) : retries.isEmpty() ? Long.MAX_VALUE : retries.peek();
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
                timeline.at(t - base, flow);
                continue;
            }
            t = send;
            clock.moveTo(t);
            timeline.at(t - base, flow);
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
        double seconds = ((delivered >= setup.messages() ? lastAccepted : t) - base) / 1e9;
        Instant reported = clockStart.plusNanos(base); // a learned start's first delivery and the gap are not reported
        double maxRate = Math.min(flow.getConfig().getMaxRate(), setup.perHourRate());
        return new Reported(new Result(setup.messages(), delivered, seconds,
                setup.receiver().idealSeconds(setup.messages(), maxRate), deferred, refused, timeline.seconds(),
                events.stream().filter(e -> !e.at().isBefore(reported)).toList()), base);
    }

    /** What the gate lets through now: nothing while the sender is paused; the hourly quota paced evenly. */
    private double rate(FlowControlRegistry registry, DomainFlow flow) {
        return registry.senderPaused() ? 0 : Math.min(flow.currentRate(), setup.perHourRate());
    }
}
