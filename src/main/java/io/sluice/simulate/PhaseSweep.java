package io.sluice.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * One policy run at {@link #PHASES} phases of Sluice's windows against the receiver's, and their mean: what
 * {@code simulate} predicts. Sluice's windows run from the service's start, so a site's first window closes anywhere
 * from just after its first message to a whole window after it, and against a fixed-window receiver that phase
 * decides how often the plain policy cuts: 240 messages to 30 per 10 s took 84 s with 85-111 deferred at some phases
 * and 119 s with 53-68 at others. A single phase predicted one real run within 25 % and missed the next
 * (bench/simulate-calibration, docs/flow-control.md).
 *
 * @param mean      the runs' mean time and deferrals (delivered: the fewest of any run), with the timeline and
 *                  events of the typical run (the one whose time is nearest the mean): its timeline is the one shown
 * @param phase     the typical run's first window, as a share of a window after the first message
 * @param runs      every phase's run, in phase order
 */
public record PhaseSweep(Simulation.Result mean, double phase, List<Simulation.Result> runs) {

    /** Phases run: the first window closing 0.05, 0.15 ... 0.95 of a window after the first message. */
    public static final int PHASES = 10;

    public PhaseSweep {
        runs = List.copyOf(runs);
    }

    /**
     * Runs {@code setup} at every phase (its own {@code firstWindow} is not used), each with its own seed (the setup's
     * plus the phase's index): the receiver's random draws, such as where the anvil's wall-clock second falls, are
     * as unknown in advance as the phase of the windows.
     */
    public static PhaseSweep run(SimulationSetup setup) {
        List<Simulation.Result> runs = new ArrayList<>();
        for (int i = 0; i < PHASES; i++) {
            runs.add(new Simulation(setup.withFirstWindow(phaseOf(i)).withSeed(setup.seed() + i)).run());
        }
        double seconds = runs.stream().mapToDouble(Simulation.Result::seconds).average().orElse(0);
        int nearest = 0;
        for (int i = 1; i < PHASES; i++) {
            if (Math.abs(runs.get(i).seconds() - seconds) < Math.abs(runs.get(nearest).seconds() - seconds)) {
                nearest = i;
            }
        }
        Simulation.Result typical = runs.get(nearest);
        Simulation.Result mean = new Simulation.Result(typical.messages(),
                runs.stream().mapToLong(Simulation.Result::delivered).min().orElse(0), seconds, typical.idealSeconds(),
                Math.round(runs.stream().mapToLong(Simulation.Result::deferred).average().orElse(0)),
                Math.round(runs.stream().mapToLong(Simulation.Result::refused).average().orElse(0)),
                typical.timeline(), typical.events());
        return new PhaseSweep(mean, phaseOf(nearest), runs);
    }

    static double phaseOf(int i) {
        return (i + 0.5) / PHASES;
    }

    /** The time of the fastest phase (s). */
    public double fastest() {
        return runs.stream().mapToDouble(Simulation.Result::seconds).min().orElseThrow();
    }

    /** The time of the slowest phase (s). */
    public double slowest() {
        return runs.stream().mapToDouble(Simulation.Result::seconds).max().orElseThrow();
    }

    /** {@code 84.2-119.5 s, 53-111 deferred}: the spread over the phases. */
    public String spread() {
        long fewest = runs.stream().mapToLong(r -> r.deferred() + r.refused()).min().orElse(0);
        long most = runs.stream().mapToLong(r -> r.deferred() + r.refused()).max().orElse(0);
        return String.format(java.util.Locale.ROOT, "%.1f-%.1f s, %d-%d deferred", fastest(), slowest(), fewest, most);
    }
}
