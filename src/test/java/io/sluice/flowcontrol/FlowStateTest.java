package io.sluice.flowcontrol;

import io.sluice.testsupport.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.sluice.flowcontrol.DomainFlow.State;
import org.junit.jupiter.api.Test;

/** A flow's state is a plain value: written out as named fields, read back, and a flow goes on from it. */
class FlowStateTest {

    final TestClock clock = TestClock.at();

    DomainFlow flow(FlowControlConfig config) {
        return new DomainFlow("gmail.com", config, DomainFlowTest.RULES, clock);
    }

    static WindowCounts deferred(int accepted, int deferred) {
        return DomainFlowTest.deferred(accepted, deferred);
    }

    @Test
    void shouldWriteTheStateAsPlainValuesAndReadItBack() {
        DomainFlow f = flow(FlowControlConfig.custom().initialRate(40).build());
        clock.advanceSeconds(10);
        f.onWindow(deferred(18, 12)); // BACKOFF at 20, cut now
        f.onReply(DomainFlowTest.UNUSUAL_RATE); // capped
        clock.advanceSeconds(10);
        f.onWindow(deferred(1, 2)); // carried over
        FlowState state = f.state();

        Map<String, Object> fields = state.toMap();

        assertThat(fields.values()).allSatisfy(v -> assertThat(v == null || v instanceof String || v instanceof Number
                || v instanceof Instant || v instanceof Duration).as("plain: %s", v).isTrue());
        assertThat(fields).containsEntry("state", "BACKOFF").containsEntry("rate", 10.0 / 60)
                .containsEntry("capUntil", TestClock.T0.plusSeconds(10).plus(Duration.ofMinutes(30)))
                .containsEntry("evidence.deferrals", 2L).containsEntry("evidence.windows", 1);
        assertThat(FlowState.fromMap(fields)).isEqualTo(state);
    }

    @Test
    void shouldWriteNoCapAndNoSuspensionAsNulls() {
        Map<String, Object> fields = flow(FlowControlConfig.ofDefaults()).state().toMap();
        assertThat(fields).containsEntry("capRate", null).containsEntry("capUntil", null)
                .containsEntry("suspendedUntil", null).containsEntry("lastCut", null);
        assertThat(FlowState.fromMap(fields).capRate()).isNaN();
    }

    @Test
    void shouldReadNumbersOfAnyKindBack() {
        Map<String, Object> fields = new HashMap<>(flow(FlowControlConfig.ofDefaults()).state().toMap());
        fields.put("rate", java.math.BigDecimal.valueOf(12.5)); // as a JDBC driver may return a numeric column
        fields.put("badStreak", 0L);
        assertThat(FlowState.fromMap(fields).rate()).isEqualTo(12.5);
    }

    @Test
    void shouldRefuseFieldsThatAreNotAState() {
        Map<String, Object> fields = new HashMap<>(flow(FlowControlConfig.ofDefaults()).state().toMap());
        fields.put("rate", null);
        assertThatThrownBy(() -> FlowState.fromMap(fields)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flow state rate must be a number, was null");
        fields.put("rate", 1.0);
        fields.put("state", "SUSPENDED");
        assertThatThrownBy(() -> FlowState.fromMap(fields)).hasMessage("a SUSPENDED flow state needs suspendedUntil");
    }

    @Test
    void shouldKeepTheLearnedRateAcrossARestart() {
        DomainFlow before = flow(FlowControlConfig.custom().initialRate(40).build());
        clock.advanceSeconds(10);
        before.onWindow(deferred(18, 12));
        clock.advanceSeconds(10);
        before.onWindow(deferred(200, 0)); // healed at the lowered rate

        DomainFlow after = new DomainFlow("gmail.com", FlowControlConfig.custom().initialRate(40).build(),
                DomainFlowTest.RULES, clock, FlowState.fromMap(before.state().toMap()));

        assertThat(after.getState()).isEqualTo(State.NORMAL);
        assertThat(after.currentRate()).isEqualTo(20);
        assertThat(after.snapshot()).isEqualTo(before.snapshot());
    }

    @Test
    void shouldGoOnFromARestoredStateAsTheFlowItWasTakenFrom() {
        FlowControlConfig config = FlowControlConfig.custom().maxSuspendDuration(Duration.ofMinutes(30)).build();
        List<Consumer<DomainFlow>> story = List.of(
                f -> f.onWindow(deferred(0, 20)),
                f -> f.onWindow(deferred(0, 20)),
                f -> f.onReply(DomainFlowTest.TRY_AGAIN),
                f -> f.onWindow(deferred(0, 20)),
                f -> f.onWindow(deferred(0, 20)), // suspended
                f -> clock.advance(Duration.ofMinutes(10)),
                f -> f.onWindow(deferred(1, 1)), // a failed probe: suspended for twice as long
                f -> clock.advance(Duration.ofMinutes(20)),
                f -> f.onWindow(deferred(3, 0)),
                f -> f.onReply(DomainFlowTest.UNUSUAL_RATE),
                f -> f.onWindow(deferred(5, 0)));
        for (int restartAt = 0; restartAt < story.size(); restartAt++) {
            List<String> events = new ArrayList<>();
            List<String> restoredEvents = new ArrayList<>();
            clockTo(TestClock.T0);
            DomainFlow original = flow(config);
            original.addListener(e -> events.add(e.toString()));
            for (int i = 0; i < restartAt; i++) {
                step(story.get(i), original);
            }
            DomainFlow restored = new DomainFlow("gmail.com", config, DomainFlowTest.RULES, clock,
                    FlowState.fromMap(original.state().toMap()));
            restored.addListener(e -> restoredEvents.add(e.toString()));
            events.clear();
            for (int i = restartAt; i < story.size(); i++) {
                Instant t = clock.instant();
                step(story.get(i), original);
                clockTo(t);
                step(story.get(i), restored);
                assertThat(restored.snapshot()).as("restarted before step %d, after step %d", restartAt, i)
                        .isEqualTo(original.snapshot());
            }
            assertThat(restoredEvents).as("restarted before step %d", restartAt).isEqualTo(events);
        }
    }

    private void step(Consumer<DomainFlow> s, DomainFlow f) {
        clock.advanceSeconds(10);
        s.accept(f);
    }

    private void clockTo(Instant t) {
        clock.advance(Duration.between(clock.instant(), t));
    }
}
