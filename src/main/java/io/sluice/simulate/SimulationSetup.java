package io.sluice.simulate;

import io.sluice.flowcontrol.FlowControlSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Simulation} runs.
 *
 * @param site        the flow-control key (a domain, or an MX rollup site's name)
 * @param perHourRate the site's messagesPerHour as msg/s, or infinity
 * @param retryPeriod when a deferred or refused message is tried again
 * @param maxTime     the run stops there even if not everything was delivered
 * @param firstWindow when the first window closes after the first message, as a share of a window, in (0, 1]
 * @param memoryHorizon the gate's {@code sluice.flow.memory-horizon}: how long it sends nothing after a cut
 * @param learnedStart  the limit already learned: a first delivery of {@code messages} runs (until done, or for
 *                      {@code maxTime}) and teaches the flow; what is reported is a second one, begun a window
 *                      after the first was delivered (as {@code bench/convergence ... learned} sends it)
 */
public record SimulationSetup(FlowControlSettings policy, String site, double perHourRate, ReceiverModel receiver,
                              int messages, Duration retryPeriod, Duration maxTime, long seed, double firstWindow,
                              Duration memoryHorizon, boolean learnedStart) {

    /** A cold start: nothing learned. */
    public SimulationSetup(FlowControlSettings policy, String site, double perHourRate, ReceiverModel receiver,
                           int messages, Duration retryPeriod, Duration maxTime, long seed, double firstWindow,
                           Duration memoryHorizon) {
        this(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed, firstWindow,
                memoryHorizon, false);
    }

    /** The shipped memory horizon ({@link Simulation#MEMORY_HORIZON}). */
    public SimulationSetup(FlowControlSettings policy, String site, double perHourRate, ReceiverModel receiver,
                           int messages, Duration retryPeriod, Duration maxTime, long seed, double firstWindow) {
        this(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed, firstWindow,
                Simulation.MEMORY_HORIZON);
    }

    /** The first window closing half a window after the first message: where it closes on average. */
    public SimulationSetup(FlowControlSettings policy, String site, double perHourRate, ReceiverModel receiver,
                           int messages, Duration retryPeriod, Duration maxTime, long seed) {
        this(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed, 0.5);
    }

    public SimulationSetup {
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
    public SimulationSetup withFirstWindow(double share) {
        return new SimulationSetup(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed,
                share, memoryHorizon, learnedStart);
    }

    /** The same run with another seed: the receiver's random draws differ. */
    public SimulationSetup withSeed(long other) {
        return new SimulationSetup(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, other,
                firstWindow, memoryHorizon, learnedStart);
    }

    /** The same run from a cold start, or with the limit already learned ({@code learned}). */
    public SimulationSetup withLearnedStart(boolean learned) {
        return new SimulationSetup(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed,
                firstWindow, memoryHorizon, learned);
    }

    /** The same run with the gate's memory horizon {@code horizon}. */
    public SimulationSetup withMemoryHorizon(Duration horizon) {
        return new SimulationSetup(policy, site, perHourRate, receiver, messages, retryPeriod, maxTime, seed,
                firstWindow, horizon, learnedStart);
    }
}
