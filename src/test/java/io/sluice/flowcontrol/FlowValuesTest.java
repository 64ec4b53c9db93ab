package io.sluice.flowcontrol;

import io.sluice.testsupport.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The small value objects of the state machine: rate steps, suspension doubling, window evidence. */
class FlowValuesTest {

    static final Instant T = TestClock.T0;

    final RateStep steps = RateStep.of(FlowControlConfig.ofDefaults()); // x0.5 / x1.1, floor 0.1, 10 s spacing

    @Test
    void shouldCutByTheBackoffFactorButNotBelowTheFloorUnlessAlreadyBelow() {
        assertThat(steps.cut(10)).isEqualTo(5);
        assertThat(steps.cut(0.15)).isEqualTo(0.1);
        assertThat(steps.cut(0.05)).as("a provider cap put it below the floor").isEqualTo(0.05);
    }

    @Test
    void shouldRaiseByTheRampUpFactorUpToTheCeiling() {
        assertThat(steps.raise(10, 50)).isCloseTo(11, within(1e-9));
        assertThat(steps.raise(10, 10.5)).isEqualTo(10.5);
    }

    @Test
    void shouldCutOncePerWindowAndRaiseOncePerHoldoff() {
        assertThat(steps.mayCut(null, T)).isTrue();
        assertThat(steps.mayCut(T, T.plusSeconds(9))).isFalse();
        assertThat(steps.mayCut(T, T.plusSeconds(10))).isTrue();
        assertThat(steps.mayRaise(T, T.plusSeconds(9))).isFalse();
        assertThat(steps.mayRaise(T, T.plusSeconds(10))).isTrue();
    }

    @Test
    void shouldDoubleSuspensionsUpToTheCapNeverShorterThanTheLast() {
        SuspensionDoubling d = new SuspensionDoubling(Duration.ofMinutes(10), Duration.ofMinutes(30));
        assertThat(d.after(null)).isEqualTo(Duration.ofMinutes(20));
        assertThat(d.after(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.after(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.after(Duration.ofHours(2))).as("a suspend rule longer than the cap").isEqualTo(Duration.ofHours(2));
    }

    @Test
    void shouldGatherWindowsAndSayHowMany() {
        WindowEvidence one = WindowEvidence.EMPTY.plus(WindowCounts.of(1, 3, 0, 0, 0, 0));
        WindowEvidence three = one.plus(WindowCounts.of(1, 3, 0, 0, 0, 0)).plus(WindowCounts.of(1, 3, 0, 0, 0, 0));
        assertThat(one.describe()).isEqualTo("3 of 4 attempts deferred (75%) in the last window");
        assertThat(three.describe()).isEqualTo("9 of 12 attempts deferred (75%) in the last 3 windows");
        assertThat(one.enough(10)).isFalse();
        assertThat(three.enough(10)).isTrue();
    }

    @Test
    void shouldTellHowMuchOfTheRateWasUsed() {
        WindowEvidence fiftyIn10s = WindowEvidence.EMPTY.plus(WindowCounts.of(50, 0, 0, 0, 0, 0));
        assertThat(fiftyIn10s.sentAtLeast(0.5, 10, Duration.ofSeconds(10))).isTrue();
        assertThat(fiftyIn10s.plus(WindowCounts.EMPTY).sentAtLeast(0.5, 10, Duration.ofSeconds(10))).isFalse();
        assertThat(fiftyIn10s.errorFree()).isTrue();
        assertThat(WindowEvidence.EMPTY.plus(WindowCounts.of(0, 2, 1, 0, 0, 0)).nothingThrough()).isTrue();
        assertThat(WindowEvidence.EMPTY.nothingThrough()).isFalse();
    }
}
