package io.sluice.simulate;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * simulate's prediction is the mean over the phases of Sluice's windows against the receiver's: against a
 * fixed-window receiver the phase alone decides whether the plain policy cuts twice or three times.
 */
class PhaseSweepTest {

    private static Simulation.Setup setup(double firstWindow) throws Exception {
        return new Simulation.Setup(SimulationTest.shipped(), "simulated.test", Double.POSITIVE_INFINITY,
                ReceiverModel.window("30/10s", null), 240, Duration.ofSeconds(1), Duration.ofHours(6), 42, firstWindow);
    }

    @Test
    void shouldPredictTheMeanOfEveryPhaseAndShowTheirSpread() throws Exception {
        PhaseSweep sweep = PhaseSweep.run(setup(0.5));

        assertThat(sweep.runs()).hasSize(PhaseSweep.PHASES);
        assertThat(sweep.runs()).allSatisfy(r -> assertThat(r.complete()).isTrue());
        // each run is the plain simulation at its phase
        for (int i = 0; i < PhaseSweep.PHASES; i++) {
            Simulation.Result alone = new Simulation(setup(PhaseSweep.phaseOf(i))).run();
            assertThat(sweep.runs().get(i).seconds()).isEqualTo(alone.seconds());
            assertThat(sweep.runs().get(i).deferred()).isEqualTo(alone.deferred());
        }
        double fastest = sweep.runs().stream().mapToDouble(Simulation.Result::seconds).min().orElseThrow();
        double slowest = sweep.runs().stream().mapToDouble(Simulation.Result::seconds).max().orElseThrow();
        // the plain policy against 30 per 10 s: some phases cut twice (fast, more deferred), others three times
        assertThat(slowest).as("phases differ").isGreaterThan(fastest * 1.2);
        assertThat(sweep.mean().seconds()).isStrictlyBetween(fastest, slowest);
        assertThat(sweep.mean().delivered()).isEqualTo(240);
        assertThat(sweep.runs()).contains(sweep.typical());
        assertThat(sweep.mean().timeline()).isEqualTo(sweep.typical().timeline());
        assertThat(sweep.spread()).matches("\\d+\\.\\d-\\d+\\.\\d s, \\d+-\\d+ deferred");
    }

    @Test
    void shouldRefuseAFirstWindowOutsideOneWindow() {
        assertThatThrownBy(() -> setup(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--phase");
        assertThatThrownBy(() -> setup(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
