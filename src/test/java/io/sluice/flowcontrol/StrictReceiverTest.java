package io.sluice.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The shipped policy's steady state against a receiver that takes 1 msg/s and answers every message beyond with
 * {@code 421 4.7.0 Try again later} (halve, gmail-try-again-later), in virtual time. Without learned limits the flow
 * settles into a saw tooth between half the limit and the limit (about two thirds of it); with them the first deferrals
 * teach it the limit, a cut at the known limit steps back only to its plateau, and a clean window climbs straight back
 * to it: about 0.9 of the limit, with few deferrals; send-time jitter costs a little more. A change that makes
 * recovery slower or cuts more often shows here first.
 */
class StrictReceiverTest {

    @Test
    void shouldGetMostOfAStrictLimitWithFewDeferralsWithLearnedLimits() {
        for (long jitterMs : new long[] {0, 50, 200}) {
            StrictReceiverSimulation.Result r = StrictReceiverSimulation.run(
                    LearningOn.custom().initialRate(50).maxRate(200).build(), 1.0, Duration.ofMillis(jitterMs),
                    Duration.ofMinutes(5), Duration.ofMinutes(60), 42);

            // up to 200 ms of random delay per message leaves no rate above 1/1.2 with every gap at 1 s
            assertThat(r.acceptedPerSecond()).as("msg/s accepted, jitter %d ms", jitterMs)
                    .isBetween(jitterMs < 200 ? 0.9 : 0.8, 1.0);
            assertThat(r.deferredShare()).as("share deferred, jitter %d ms", jitterMs).isLessThan(0.05);
        }
    }

    @Test
    void withoutLearnedLimitsAGentlerCutGetsMoreOfTheLimit() {
        // the plain ramp and cuts: a saw tooth between the cut rate and the limit
        FlowControlConfigBuilder plain = FlowControlConfig.custom().reactAfterBadInRow(0).plateauShare(0);
        double halved = acceptedPerSecond(plain, 0.5);
        double gentler = acceptedPerSecond(plain, 0.7);

        assertThat(halved).as("backoffFactor 0.5, about two thirds of the limit").isBetween(0.55, 0.8);
        assertThat(gentler).as("backoffFactor 0.7 against 0.5").isGreaterThan(halved * 1.1);
    }

    @Test
    void shouldGetMostOfTheLimitWhateverTheCutOnceTheLimitIsLearned() {
        // Without learned limits, backoffFactor 0.7 gets ~0.76 against 0.5's ~0.64. With them only the first cuts of
        // an episode use backoffFactor; at the learned limit the flow steps back to its plateau either way.
        assertThat(acceptedPerSecond(LearningOn.custom(), 0.5)).as("backoffFactor 0.5").isGreaterThan(0.85);
        assertThat(acceptedPerSecond(LearningOn.custom(), 0.7)).as("backoffFactor 0.7").isGreaterThan(0.85);
    }

    /** Accepted msg/s over an hour after 5 minutes, 50 ms jitter, first seen at 50 msg/s. */
    private static double acceptedPerSecond(FlowControlConfigBuilder config, double backoffFactor) {
        return StrictReceiverSimulation.run(config.initialRate(50).maxRate(200).backoffFactor(backoffFactor).build(),
                1.0, Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofMinutes(60), 42).acceptedPerSecond();
    }
}
