package io.sluice.flowcontrol;

import io.sluice.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * A domain flow against a receiver that takes one message per second (a fixed window opened by the first message,
 * as Gmail-like throttles and bench/load's receivers count) and answers {@code 421 4.7.0 Try again later} beyond, in
 * virtual time: a backlog that never runs out, each message sent at its slot (1 / rate after the last) plus a random
 * delay up to {@code jitter} (thread hand-offs, CPU), windows judged every {@code window}. Deterministic for a seed.
 * {@code main} prints the table of docs/flow-control.md ("Against a strict receiver"); StrictReceiverTest asserts it.
 */
final class StrictReceiverSimulation {

    record Result(long accepted, long deferred, double seconds) {
        double acceptedPerSecond() {
            return accepted / seconds;
        }

        double deferredShare() {
            return deferred / (double) Math.max(1, accepted + deferred);
        }
    }

    private StrictReceiverSimulation() {
    }

    /** Runs {@code warmUp} unmeasured, then {@code measured}, and reports what the receiver saw in the latter. */
    static Result run(FlowControlConfig config, double limitPerSecond, Duration jitter, Duration warmUp,
                      Duration measured, long seed) {
        TestClock clock = TestClock.at();
        DomainFlow flow = new DomainFlow("strict.test", config, DomainFlowTest.RULES, clock);
        Random random = new Random(seed);
        long windowNanos = config.getWindow().toNanos();
        long receiverWindowNanos = (long) (1e9 / limitPerSecond);
        long t = 0; // nanoseconds since start
        long nextSlot = 0;
        long nextWindow = windowNanos;
        long receiverOpened = Long.MIN_VALUE / 2;
        long accepted = 0, deferred = 0, measuredAccepted = 0, measuredDeferred = 0;
        long end = warmUp.plus(measured).toNanos();
        while (t < end) {
            double rate = flow.currentRate();
            long arrival = rate > 0 ? nextSlot + (long) (random.nextDouble() * jitter.toNanos()) : Long.MAX_VALUE;
            if (nextWindow <= arrival) {
                advanceTo(clock, t, nextWindow);
                t = nextWindow;
                flow.onWindow(WindowCounts.of(accepted, deferred, 0, 0, 0, 0));
                accepted = 0;
                deferred = 0;
                nextWindow += windowNanos;
                nextSlot = Math.max(nextSlot, t);
                continue;
            }
            advanceTo(clock, t, arrival);
            t = arrival;
            boolean ok = t - receiverOpened >= receiverWindowNanos;
            if (ok) {
                receiverOpened = t;
                accepted++;
                flow.onAttempt(Outcome.ACCEPTED, 0);
            } else {
                deferred++;
                flow.onReply("421 4.7.0 Try again later, closing connection.");
                flow.onAttempt(Outcome.DEFERRAL, 0);
            }
            if (t >= warmUp.toNanos()) {
                if (ok) {
                    measuredAccepted++;
                } else {
                    measuredDeferred++;
                }
            }
            double now = flow.currentRate();
            nextSlot = nextSlot + (now > 0 ? (long) (1e9 / now) : windowNanos);
        }
        return new Result(measuredAccepted, measuredDeferred, measured.toNanos() / 1e9);
    }

    private static void advanceTo(TestClock clock, long from, long to) {
        clock.advance(Duration.ofNanos(to - from));
    }

    public static void main(String[] args) {
        double share = args.length > 0 ? Double.parseDouble(args[0]) : LearningOn.PLATEAU_SHARE;
        for (double factor : new double[] {0.5, 0.7}) {
            for (long jitterMs : new long[] {0, 50, 200}) {
                Result r = run(FlowControlConfig.custom().initialRate(50).maxRate(200).backoffFactor(factor)
                                .plateauShare(share).build(), 1.0,
                        Duration.ofMillis(jitterMs), Duration.ofMinutes(5), Duration.ofMinutes(60), 42);
                System.out.printf("backoffFactor %.1f jitter %3d ms: %.3f msg/s accepted, %.1f %% deferred%n", factor,
                        jitterMs, r.acceptedPerSecond(), 100 * r.deferredShare());
            }
        }
    }
}
