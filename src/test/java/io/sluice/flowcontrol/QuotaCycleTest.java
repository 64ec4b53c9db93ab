package io.sluice.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.flowcontrol.DomainFlow.State;
import io.sluice.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A receiver's limit measured from its own rhythm (renewal to renewal, {@link QuotaCycle}), whatever the phase of
 * Sluice's windows: the misaligned window guessed 0.5-1.0 msg/s against a 3 msg/s receiver in the real pipeline.
 */
class QuotaCycleTest {

    final TestClock clock = TestClock.at();

    DomainFlow flow() {
        return new DomainFlow("limited.test", LearningOn.defaults(), ReplyRules.empty(), clock);
    }

    /** {@code n} outcomes {@code every} apart. */
    void send(DomainFlow f, Outcome o, int n, Duration every) {
        for (int i = 0; i < n; i++) {
            clock.advance(every);
            f.onAttempt(o, 0);
        }
    }

    @Test
    void aFixedWindowReceiversQuotaOverItsPeriodIsWhereDeferralsBeginWhateverTheWindowSaw() {
        DomainFlow f = flow();
        // 30 per 10 s, sent at 6 msg/s: 30 accepted in 5 s, deferred until the period ends, accepted again
        send(f, Outcome.ACCEPTED, 30, Duration.ofMillis(166));
        send(f, Outcome.DEFERRAL, 3, Duration.ofMillis(166)); // the early cut, 10 -> 5, learns 10 (the rate cut from)
        assertThat(f.state().learned().deferralOnsetRate()).isEqualTo(10.0);
        // a window closing now holds 30 accepted and 3 deferred: it may cut, it teaches no limit below the measure
        f.onWindow(WindowCounts.of(30, 3, 0, 0, 0, 0));
        send(f, Outcome.DEFERRAL, 5, Duration.ofMillis(900)); // still deferred, the period is closed
        clock.advance(Duration.ofMillis(200)); // the period ended (renewal between the last deferral and this)
        f.onAttempt(Outcome.ACCEPTED, 0);

        LearnedLimit learned = f.state().learned();
        assertThat(learned.measured()).isTrue();
        assertThat(learned.deferralOnsetRate()).as("30 accepted between the first acceptance and the renewal")
                .isCloseTo(3.0, within(0.15));
        // and the flow, cut far below by then, goes straight back to just under it, not a window later: a measured
        // onset's plateau is halfway from plateauShare to it (0.96 of it)
        assertThat(f.getState()).isEqualTo(State.NORMAL);
        assertThat(f.currentRate()).isCloseTo(learned.deferralOnsetRate() * (1 + LearningOn.PLATEAU_SHARE) / 2,
                within(1e-9));
    }

    @Test
    void aSingleDeferralIsNotARenewalAGapReceiverIsNotMeasuredAtSluicesOwnRate() {
        DomainFlow f = flow();
        for (int i = 0; i < 6; i++) {
            send(f, Outcome.ACCEPTED, 5, Duration.ofMillis(1100));
            send(f, Outcome.DEFERRAL, 1, Duration.ofMillis(900));
        }
        send(f, Outcome.ACCEPTED, 1, Duration.ofMillis(1100));
        assertThat(f.state().learned().measured()).isFalse();
    }

    @Test
    void aSpanAWholeCleanWindowCrossedMeasuresNothingAndTheNextBeginsAtARenewal() {
        Instant t0 = clock.instant();
        QuotaCycle c = QuotaCycle.EMPTY.plus(false, t0);
        assertThat(c.from()).isEqualTo(t0);
        for (int i = 1; i < 20; i++) {
            c = c.plus(false, t0.plusSeconds(i));
        }
        // Sluice sent below the limit for a whole window: the receiver was not exhausted all along
        c = c.windowClosed(WindowCounts.of(10, 0, 0, 0, 0, 0), Duration.ofSeconds(10), t0.plusSeconds(20));
        assertThat(c).isEqualTo(QuotaCycle.AWAITING_RENEWAL);
        assertThat(c.plus(false, t0.plusSeconds(21))).as("an acceptance mid-period begins no span")
                .isEqualTo(QuotaCycle.AWAITING_RENEWAL);
        QuotaCycle run = c.plus(true, t0.plusSeconds(22)).plus(true, t0.plusSeconds(23));
        assertThat(run.plus(false, t0.plusSeconds(24)).from()).as("the renewal, between the last deferral and it")
                .isEqualTo(t0.plusMillis(23_500));
        // a window with deferrals keeps the span
        QuotaCycle kept = run.windowClosed(WindowCounts.of(5, 2, 0, 0, 0, 0), Duration.ofSeconds(10), t0.plusSeconds(40));
        assertThat(kept).isEqualTo(run);
    }

    @Test
    void aShortRunAfterManyAcceptancesIsChanceNotAQuotaUsedUp() {
        Instant t0 = clock.instant();
        QuotaCycle c = QuotaCycle.EMPTY;
        for (int i = 0; i < 60; i++) {
            c = c.plus(false, t0.plusMillis(100L * i));
        }
        QuotaCycle two = c.plus(true, t0.plusMillis(6000)).plus(true, t0.plusMillis(6100));
        Duration window = Duration.ofSeconds(10);
        assertThat(two.rateClosedBy(false, t0.plusMillis(6200), window))
                .as("2 deferred after 60 accepted: what 10 %% at random draws").isNaN();
        QuotaCycle three = two.plus(true, t0.plusMillis(6200));
        assertThat(three.rateClosedBy(false, t0.plusMillis(6300), window))
                .as("3 after 60: one per 20 acceptances, a quota overshot by 5 %%").isCloseTo(60 / 6.25, within(1e-9));
    }

    @Test
    void aSpanLongerThanSixWindowsMeasuresNothingTheReceiverBeganAgainMeanwhile() {
        Instant t0 = clock.instant();
        QuotaCycle c = QuotaCycle.EMPTY;
        for (int i = 0; i < 10; i++) {
            c = c.plus(false, t0.plusSeconds(i));
        }
        c = c.plus(true, t0.plusSeconds(10)).plus(true, t0.plusSeconds(11));
        Duration window = Duration.ofSeconds(10);
        assertThat(c.rateClosedBy(false, t0.plusSeconds(12), window)).isCloseTo(10 / 11.5, within(1e-9));
        assertThat(c.rateClosedBy(false, t0.plus(Duration.ofHours(1)), window)).isNaN();
        assertThat(c.rateClosedBy(true, t0.plusSeconds(12), window)).as("a deferral closes no span").isNaN();
        assertThat(c.rateClosedBy(false, t0.plusSeconds(12), Duration.ofSeconds(30)))
                .as("shorter than half a window: the windows measure such a receiver").isNaN();
    }

    @Test
    void aMeasuredOnsetIsNotLoweredByAWindowsGuessAndIsForgottenOncePassedCleanly() {
        Instant t = clock.instant();
        LearnedLimit measured = LearnedLimit.NONE.measuredAt(3.0, t);
        assertThat(measured.acceptedWhileDeferred(1.0, t)).as("a window's share, a guess").isEqualTo(measured);
        LearnedLimit near = measured.cleanAt(3.1, 0.92, t);
        assertThat(near.deferralOnsetRate()).as("within 1/share: kept").isEqualTo(3.0);
        assertThat(near.measured()).isTrue();
        assertThat(measured.cleanAt(3.5, 0.92, t).onsetKnown()).as("the limit rose: forgotten").isFalse();
        LearnedLimit guessed = new LearnedLimit(3.0, Double.NaN, t);
        assertThat(guessed.acceptedWhileDeferred(1.0, t).deferralOnsetRate()).as("a guess lowers a guess")
                .isEqualTo(1.0);
    }

    @Test
    void theCycleIsAPlainValueStoredWithTheState() {
        DomainFlow f = flow();
        send(f, Outcome.ACCEPTED, 8, Duration.ofMillis(200));
        send(f, Outcome.DEFERRAL, 2, Duration.ofMillis(200));
        FlowState s = f.state();
        assertThat(s.burst().cycle().run()).isEqualTo(2);

        FlowState back = FlowState.fromMap(s.toMap());

        assertThat(back.burst().cycle()).isEqualTo(s.burst().cycle());
        assertThat(back.learned()).isEqualTo(s.learned());
        var older = new java.util.HashMap<String, Object>(s.toMap());
        older.keySet().removeIf(k -> k.startsWith("cycle.") || k.equals("learned.measured"));
        assertThat(FlowState.fromMap(older).burst().cycle()).as("a state stored before the cycle existed")
                .isEqualTo(QuotaCycle.EMPTY);
        assertThatThrownBy(() -> new QuotaCycle(null, 3, 0, null, 0, false)).hasMessageContaining("3 accepted and 0 stray deferrals since null");
    }
}
