package io.sluice.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.flowcontrol.DomainFlow.State;
import io.sluice.testsupport.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run of deferrals or refusals cuts the rate before the window closes, once per burst; what a flow learns about its
 * limit is a plain value kept in its state.
 */
class EarlyReactionTest {

    final TestClock clock = TestClock.at();
    final List<FlowEvent> events = new ArrayList<>();

    DomainFlow flow(FlowControlConfig config) {
        DomainFlow f = new DomainFlow("limited.test", config, ReplyRules.empty(), clock);
        f.addListener(events::add);
        return f;
    }

    void attempts(DomainFlow f, Outcome o, int n, int inFlight) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMillis(100));
            f.onAttempt(o, inFlight);
        }
    }

    /** {@code strays} times {@code between} acceptances and one deferral, then {@code last} acceptances and 3 deferred. */
    void acceptedWithStraysThenARun(DomainFlow f, int strays, int between, int last) {
        for (int i = 0; i < strays; i++) {
            attempts(f, Outcome.ACCEPTED, between, 0);
            attempts(f, Outcome.DEFERRAL, 1, 0);
        }
        attempts(f, Outcome.ACCEPTED, last, 0);
        attempts(f, Outcome.DEFERRAL, 3, 0);
    }

    @Test
    void threeDeferralsInARowCutAtOnceAndLearnWhereDeferralsBegan() {
        DomainFlow f = flow(LearningOn.defaults());
        attempts(f, Outcome.ACCEPTED, 20, 0);
        attempts(f, Outcome.DEFERRAL, 2, 0);
        assertThat(f.currentRate()).isEqualTo(10.0);

        attempts(f, Outcome.DEFERRAL, 1, 0);

        assertThat(f.getState()).isEqualTo(State.BACKOFF);
        assertThat(f.currentRate()).isEqualTo(5.0);
        assertThat(f.state().learned().deferralOnsetRate()).isEqualTo(10.0);
        assertThat(events.get(events.size() - 1).toString()).contains("3 attempts in a row deferred or refused",
                "before the window closed");
    }

    @Test
    void aReceiverDeferringEverythingIsLeftToTheWindowsAndTeachesNoLimit() {
        DomainFlow f = flow(LearningOn.defaults());
        attempts(f, Outcome.DEFERRAL, 20, 0);
        assertThat(f.currentRate()).as("an outage or a block, not a quota used up: no early cut").isEqualTo(10.0);

        clock.advanceSeconds(10);
        f.onWindow(WindowCounts.of(0, 20, 0, 0, 0, 0));
        assertThat(f.currentRate()).as("the window judges it, as without early reactions").isEqualTo(5.0);
        assertThat(f.state().learned()).as("an outage or a block, not a rate limit").isEqualTo(LearnedLimit.NONE);
    }

    @Test
    void deferralsScatteredAmongAcceptancesNeverCutEarly() {
        DomainFlow f = flow(LearningOn.defaults());
        // 30 % deferred at random (runs of 3 among them), as a receiver deferring a share of messages does
        java.util.Random random = new java.util.Random(7);
        int inRowSeen = 0;
        int run = 0;
        for (int i = 0; i < 300; i++) {
            boolean bad = random.nextDouble() < 0.3;
            run = bad ? run + 1 : 0;
            inRowSeen = Math.max(inRowSeen, run);
            attempts(f, bad ? Outcome.DEFERRAL : Outcome.ACCEPTED, 1, 0);
        }
        assertThat(inRowSeen).as("the sequence has runs that used to cut").isGreaterThanOrEqualTo(3);
        assertThat(f.currentRate()).as("the windows judge scattered deferrals").isEqualTo(10.0);
    }

    @Test
    void oneDeferralInTenAtRandomThenThreeInARowDoesNotCutAFlowInNormal() {
        DomainFlow f = flow(LearningOn.defaults());
        // 10 % deferred at random: one stray per 10 acceptances, then the run of three such a receiver draws now and
        // then (a quota used up shows no stray deferral before its run)
        acceptedWithStraysThenARun(f, 4, 9, 9);
        assertThat(f.currentRate()).as("4 strays among 45 acceptances: left to the window").isEqualTo(10.0);
        assertThat(f.getState()).isEqualTo(State.NORMAL);
    }

    @Test
    void onceHeldBackAQuotaRunCutsWithOneStrayPerTenAcceptances() {
        DomainFlow f = flow(LearningOn.custom().plateauShare(0).build()); // cuts alone, no measured plateau
        clock.advanceSeconds(10);
        f.onWindow(WindowCounts.of(10, 10, 0, 0, 0, 0)); // held back by a bad window: BACKOFF at 5 msg/s
        assertThat(f.getState()).isEqualTo(State.BACKOFF);
        // a quota used up, with three replies of parallel sessions out of order among 36 acceptances
        acceptedWithStraysThenARun(f, 3, 12, 1);
        assertThat(f.currentRate()).as("in BACKOFF one stray per 10 acceptances still cuts early").isEqualTo(2.5);
    }

    @Test
    void aBadWindowOfScatteredDeferralsCutsButTeachesNoLimit() {
        DomainFlow f = flow(LearningOn.defaults());
        for (int i = 0; i < 20; i++) { // one in three deferred, never two in a row: a share at random
            attempts(f, Outcome.ACCEPTED, 2, 0);
            attempts(f, Outcome.DEFERRAL, 1, 0);
        }
        clock.advanceSeconds(10);
        f.onWindow(WindowCounts.of(40, 20, 0, 0, 0, 0));

        assertThat(f.currentRate()).as("the window is bad: cut as without learning").isEqualTo(5.0);
        assertThat(f.state().learned().deferralOnsetRate())
                .as("the rate cut from, not what got through (4 msg/s: Sluice's own rate less the share deferred)")
                .isEqualTo(10.0);

        DomainFlow quota = flow(LearningOn.defaults());
        attempts(quota, Outcome.ACCEPTED, 40, 0);
        attempts(quota, Outcome.DEFERRAL, 2, 0);
        clock.advanceSeconds(10);
        quota.onWindow(WindowCounts.of(40, 20, 0, 0, 0, 0));
        assertThat(quota.state().learned().deferralOnsetRate()).as("the same counts as a run: a quota used up")
                .isEqualTo(4.0);
    }

    @Test
    void whileOtherInstancesSendToTheSiteNoCutOrWindowGuessesItsLimit() {
        DomainFlow f = flow(LearningOn.defaults());
        f.measureSharesOnly(true);
        attempts(f, Outcome.ACCEPTED, 40, 0);
        attempts(f, Outcome.DEFERRAL, 3, 0);
        assertThat(f.getState()).as("the quota used up still cuts at once").isEqualTo(State.BACKOFF);
        assertThat(f.currentRate()).as("the plain cut").isEqualTo(5.0);
        clock.advanceSeconds(10);
        f.onWindow(WindowCounts.of(40, 20, 0, 0, 0, 0));

        // alone, the same attempts teach 10 (the cut's rate), then 4 (the window's share: the test above); with
        // several instances only their measured shares added up do (SharedFlowStateTest)
        assertThat(f.state().learned().onsetKnown()).as("no guessed onset: %s", f.state().learned()).isFalse();
        assertThat(f.currentRate()).as("the window cuts as without learning").isEqualTo(2.5);

        clock.advanceSeconds(10);
        f.onWindow(WindowCounts.of(25, 0, 0, 0, 0, 0));
        assertThat(f.state().learned()).as("a clean window's rate is no limit either").isEqualTo(LearnedLimit.NONE);
    }

    @Test
    void theErrorRatioOverTheLastAttemptsAlsoCuts() {
        DomainFlow f = flow(LearningOn.defaults());
        attempts(f, Outcome.ACCEPTED, 76, 0); // a quota being used: one stray deferral per 20 acceptances at most
        for (int i = 0; i < 4; i++) {
            attempts(f, Outcome.ACCEPTED, 1, 0);
            attempts(f, Outcome.DEFERRAL, 1, 0); // never 3 in a row
        }
        attempts(f, Outcome.ACCEPTED, 1, 0);
        assertThat(f.currentRate()).as("an acceptance never cuts, even at 4 of the last 9").isEqualTo(10.0);
        attempts(f, Outcome.DEFERRAL, 1, 0);
        assertThat(f.currentRate()).as("5 of the last 10").isEqualTo(5.0);
    }

    @Test
    void oneBurstCutsOnceTheRepliesSentBeforeTheCutAreNotCountedAgain() {
        // reactions alone: a measured limit would move the rate at the renewal (QuotaCycleTest)
        DomainFlow f = flow(LearningOn.custom().plateauShare(0).build());
        attempts(f, Outcome.ACCEPTED, 10, 0);
        attempts(f, Outcome.DEFERRAL, 3, 6); // six more under way at the old rate
        assertThat(f.currentRate()).isEqualTo(5.0);

        attempts(f, Outcome.DEFERRAL, 6, 0); // their replies: the same burst
        assertThat(f.currentRate()).as("one cut per burst").isEqualTo(5.0);

        attempts(f, Outcome.DEFERRAL, 3, 0); // sent after the cut and still deferred: a new burst
        assertThat(f.currentRate()).isEqualTo(2.5);
    }

    @Test
    void theWindowsCloseEndsTheWaitForRepliesFromBeforeTheCut() {
        DomainFlow f = flow(LearningOn.custom().plateauShare(0).build());
        attempts(f, Outcome.ACCEPTED, 10, 0);
        attempts(f, Outcome.DEFERRAL, 3, 100);
        clock.advanceSeconds(10);
        f.onWindow(WindowCounts.of(1, 3, 0, 0, 0, 0)); // too few to judge: carried over, no cut
        attempts(f, Outcome.ACCEPTED, 10, 0);
        attempts(f, Outcome.DEFERRAL, 3, 0);
        assertThat(f.currentRate()).isEqualTo(2.5);
    }

    @Test
    void hardAndInternalFailuresNeverCutAndZeroTurnsTheReactionOff() {
        DomainFlow f = flow(LearningOn.defaults());
        attempts(f, Outcome.HARD_FAILURE, 10, 0);
        attempts(f, Outcome.INTERNAL_FAILURE, 10, 0);
        assertThat(f.currentRate()).isEqualTo(10.0);

        DomainFlow off = flow(FlowControlConfig.custom().reactAfterBadInRow(0).build());
        attempts(off, Outcome.ACCEPTED, 10, 0);
        attempts(off, Outcome.DEFERRAL, 20, 0);
        assertThat(off.currentRate()).as("only windows cut").isEqualTo(10.0);
    }

    @Test
    void aSuspendedFlowIgnoresStragglers() {
        DomainFlow f = flow(LearningOn.defaults());
        f.suspend(Duration.ofMinutes(5), "test");
        attempts(f, Outcome.DEFERRAL, 10, 0);
        assertThat(f.getState()).isEqualTo(State.SUSPENDED);
    }

    @Test
    void theLearnedLimitIsAPlainValueStoredWithTheStateAndKeptByAResetAndAReconfiguration() {
        DomainFlow f = flow(LearningOn.defaults());
        attempts(f, Outcome.ACCEPTED, 5, 0);
        attempts(f, Outcome.DEFERRAL, 3, 0);
        LearnedLimit learned = f.state().learned();
        Map<String, Object> stored = f.state().toMap();
        assertThat(stored).containsEntry("learned.deferralOnsetRate", 10.0).containsKey("learned.learnedAt");

        assertThat(FlowState.fromMap(stored)).isEqualTo(f.state());
        f.resetToNormal("ops");
        f.reconfigure(LearningOn.custom().maxRate(40).build());
        assertThat(f.state().learned()).isEqualTo(learned);
        assertThat(f.snapshot().learned()).isEqualTo(learned);
    }

    @Test
    void aMapStoredBeforeLearnedLimitsReadsAsNothingLearned() {
        Map<String, Object> old = new java.util.HashMap<>(FlowState.initial(LearningOn.defaults(),
                TestClock.T0).toMap());
        old.keySet().removeIf(k -> k.startsWith("learned.") || k.startsWith("burst."));
        FlowState s = FlowState.fromMap(old);
        assertThat(s.learned()).isEqualTo(LearnedLimit.NONE);
        assertThat(s.burst()).isEqualTo(BurstWatch.EMPTY);
    }

    @Test
    void learnedLimitValues() {
        LearnedLimit l = LearnedLimit.NONE.deferredAt(3.0, TestClock.T0);
        assertThat(l.plateau(0.9)).isCloseTo(2.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(l.deferredAt(5.0, TestClock.T0).deferralOnsetRate()).as("a lower onset stays").isEqualTo(3.0);
        assertThat(l.cleanAt(3.2, 0.9, TestClock.T0).deferralOnsetRate()).as("near it: kept").isEqualTo(3.0);
        assertThat(l.cleanAt(3.5, 0.9, TestClock.T0).onsetKnown()).as("well beyond it: the limit rose").isFalse();
        assertThat(l.acceptedWhileDeferred(2.0, TestClock.T0).deferralOnsetRate()).isEqualTo(2.0);
        assertThat(l.describe()).isEqualTo("deferrals from 3.0 msg/s");
        assertThatThrownBy(() -> new LearnedLimit(1, Double.NaN, null)).hasMessageContaining("learnedAt");
    }

    @Test
    void anOnsetMeasuredFromTheReceiversRhythmHasItsPlateauCloserThanAGuessedOne() {
        LearnedLimit guessed = LearnedLimit.NONE.deferredAt(3.0, TestClock.T0);
        LearnedLimit measured = LearnedLimit.NONE.measuredAt(3.0, TestClock.T0);
        assertThat(guessed.plateau(0.92)).as("a cut's rate or a window's share").isCloseTo(2.76, within(1e-9));
        assertThat(measured.plateau(0.92)).as("halfway from plateauShare to the onset").isCloseTo(2.88, within(1e-9));
        assertThat(measured.plateau(0)).as("0 is off, measured or not").isZero();
        assertThat(measured.deferredAt(2.5, TestClock.T0).plateau(0.92)).as("a lower guess is no longer measured")
                .isCloseTo(2.3, within(1e-9));
    }

    @Test
    void reactionSettingsAreValidatedNamingTheKey() {
        assertThatThrownBy(() -> FlowControlConfig.custom().reactAfterBadInRow(-1))
                .hasMessage("flow.reactAfterBadInRow must be >= 0, was -1");
        assertThatThrownBy(() -> FlowControlConfig.custom().reactRecentAttempts(65))
                .hasMessage("flow.reactRecentAttempts must be in [1,64], was 65");
        assertThatThrownBy(() -> FlowControlConfig.custom().reactErrorRatio(0))
                .hasMessage("flow.reactErrorRatio must be in (0,1], was 0");
        assertThatThrownBy(() -> FlowControlConfig.custom().plateauShare(1.5))
                .hasMessage("flow.plateauShare must be in 0 (off) or (0,1], was 1.5");
        FlowControlSettings s = FlowControlSettings.fromYaml(
                "defaults: {flow: {reactAfterBadInRow: 5, reactRecentAttempts: 20, reactErrorRatio: 0.4, plateauShare: 0.8}}");
        assertThat(s.defaults().getReactAfterBadInRow()).isEqualTo(5);
        assertThat(s.defaults().getReactRecentAttempts()).isEqualTo(20);
        assertThat(s.defaults().getReactErrorRatio()).isEqualTo(0.4);
        assertThat(s.defaults().getPlateauShare()).isEqualTo(0.8);
    }
}
