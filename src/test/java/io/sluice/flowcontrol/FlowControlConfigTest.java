package io.sluice.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlowControlConfigTest {

    @Test
    void shouldUseDocumentedDefaults() {
        FlowControlConfig c = FlowControlConfig.ofDefaults();
        assertThat(c.getInitialRate()).isEqualTo(10);
        assertThat(c.getMinRate()).isEqualTo(0.1);
        assertThat(c.getMaxRate()).isEqualTo(50);
        assertThat(c.getRampUpFactor()).isEqualTo(1.1);
        assertThat(c.getBackoffFactor()).isEqualTo(0.5);
        assertThat(c.getErrorRatioThreshold()).isEqualTo(0.3);
        assertThat(c.getCleanErrorRatio()).isEqualTo(0.05);
        assertThat(c.getMinAttempts()).isEqualTo(10);
        assertThat(c.getWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.getUpHoldoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.getBadWindowsToSuspend()).isEqualTo(3);
        assertThat(c.getSuspendDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.getMaxSuspendDuration()).isEqualTo(Duration.ofHours(4));
        assertThat(c.getProbeRate()).isEqualTo(0.5);
        assertThat(c.getProbeSuccesses()).isEqualTo(5);
        assertThat(c.getRestartRate()).isEqualTo(5);
    }

    @Test
    void shouldLetUpHoldoffFollowTheWindowUnlessSet() {
        FlowControlConfig follows = FlowControlConfig.custom().window(Duration.ofSeconds(30)).build();
        assertThat(follows.getUpHoldoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(FlowControlConfig.from(follows).window(Duration.ofMinutes(1)).build().getUpHoldoff())
                .isEqualTo(Duration.ofMinutes(1));

        FlowControlConfig fixed = FlowControlConfig.custom().upHoldoff(Duration.ofHours(1)).build();
        assertThat(FlowControlConfig.from(fixed).window(Duration.ofMinutes(1)).build().getUpHoldoff())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldCopyEveryValueFromPrototype() {
        FlowControlConfig p = FlowControlConfig.custom().initialRate(3).minRate(1).maxRate(7).rampUpFactor(1.5)
                .backoffFactor(0.25).errorRatioThreshold(0.4).cleanErrorRatio(0.1).minAttempts(4)
                .window(Duration.ofSeconds(5)).upHoldoff(Duration.ofMinutes(1)).badWindowsToSuspend(2)
                .suspendDuration(Duration.ofMinutes(3)).maxSuspendDuration(Duration.ofHours(1)).probeRate(0.2)
                .probeSuccesses(2).build();
        assertThat(FlowControlConfig.from(p).build()).hasToString(p.toString());
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                bad("flow.initialRate must be > 0, was 0", b -> b.initialRate(0)),
                bad("flow.initialRate must be a finite number, was NaN", b -> b.initialRate(Double.NaN)),
                bad("flow.minRate must be > 0, was -1", b -> b.minRate(-1)),
                bad("flow.maxRate must be > 0, was -3", b -> b.maxRate(-3)),
                bad("flow.rampUpFactor must be in (1,10], was 1", b -> b.rampUpFactor(1)),
                bad("flow.rampUpFactor must be in (1,10], was 11", b -> b.rampUpFactor(11)),
                bad("flow.backoffFactor must be in (0,1), was 1.5", b -> b.backoffFactor(1.5)),
                bad("flow.backoffFactor must be in (0,1), was 0", b -> b.backoffFactor(0)),
                bad("flow.errorRatioThreshold must be in (0,1], was 0", b -> b.errorRatioThreshold(0)),
                bad("flow.errorRatioThreshold must be in (0,1], was 1.2", b -> b.errorRatioThreshold(1.2)),
                bad("flow.cleanErrorRatio must be in [0,1), was -0.1", b -> b.cleanErrorRatio(-0.1)),
                bad("flow.minAttempts must be >= 1, was 0", b -> b.minAttempts(0)),
                bad("flow.window must be > 0, was PT0S", b -> b.window(Duration.ZERO)),
                bad("flow.window must not be null", b -> b.window(null)),
                bad("flow.upHoldoff must be >= 0, was PT-1S", b -> b.upHoldoff(Duration.ofSeconds(-1))),
                bad("flow.badWindowsToSuspend must be >= 1, was 0", b -> b.badWindowsToSuspend(0)),
                bad("flow.suspendDuration must be > 0, was PT-10M", b -> b.suspendDuration(Duration.ofMinutes(-10))),
                bad("flow.maxSuspendDuration must be > 0, was PT0S", b -> b.maxSuspendDuration(Duration.ZERO)),
                bad("flow.probeRate must be > 0, was 0", b -> b.probeRate(0)),
                bad("flow.probeSuccesses must be >= 1, was 0", b -> b.probeSuccesses(0)),
                // relations, checked by build()
                bad("flow.minRate must be <= flow.maxRate (5), was 6", b -> b.minRate(6).maxRate(5).initialRate(5)),
                bad("flow.initialRate must be between flow.minRate (0.1) and flow.maxRate (50), was 60",
                        b -> b.initialRate(60)),
                bad("flow.initialRate must be between flow.minRate (2) and flow.maxRate (50), was 1",
                        b -> b.minRate(2).initialRate(1)),
                bad("flow.probeRate must be <= flow.maxRate (0.5), was 1",
                        b -> b.maxRate(0.5).initialRate(0.5).probeRate(1)),
                bad("flow.cleanErrorRatio must be < flow.errorRatioThreshold (0.3), was 0.3", b -> b.cleanErrorRatio(0.3)),
                bad("flow.maxSuspendDuration must be >= flow.suspendDuration (1h), was 30m",
                        b -> b.suspendDuration(Duration.ofHours(1)).maxSuspendDuration(Duration.ofMinutes(30))));
    }

    private static Arguments bad(String message, Consumer<FlowControlConfigBuilder> setting) {
        return Arguments.of(message, setting);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void shouldRejectInvalidSettingNamingKeyAndValue(String message, Consumer<FlowControlConfigBuilder> setting) {
        assertThatThrownBy(() -> {
            FlowControlConfigBuilder b = FlowControlConfig.custom();
            setting.accept(b);
            b.build();
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    static Stream<Arguments> invalidSenderSettings() {
        return Stream.of(
                Arguments.of("sender.internalFailureRatio must be in (0,1], was 0",
                        (Consumer<SenderHealthConfig.Builder>) b -> b.internalFailureRatio(0)),
                Arguments.of("sender.minAttempts must be >= 1, was 0",
                        (Consumer<SenderHealthConfig.Builder>) b -> b.minAttempts(0)),
                Arguments.of("sender.senderProblemDomainShare must be in (0,1], was 1.5",
                        (Consumer<SenderHealthConfig.Builder>) b -> b.senderProblemDomainShare(1.5)),
                Arguments.of("sender.minBadDomains must be >= 1, was 0",
                        (Consumer<SenderHealthConfig.Builder>) b -> b.minBadDomains(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSenderSettings")
    void shouldRejectInvalidSenderSetting(String message, Consumer<SenderHealthConfig.Builder> setting) {
        assertThatThrownBy(() -> setting.accept(SenderHealthConfig.custom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
