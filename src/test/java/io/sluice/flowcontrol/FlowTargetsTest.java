package io.sluice.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.flowcontrol.ReceiverModelSimulation.Domain;
import io.sluice.flowcontrol.ReceiverModelSimulation.Outcome;
import io.sluice.flowcontrol.ReceiverModelSimulation.Receiver;
import io.sluice.flowcontrol.ReceiverModelSimulation.Sender;
import io.sluice.testsupport.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's targets, measured in virtual time ({@link ReceiverModelSimulation}: the real flow-control classes, an
 * injected clock) against the anchors' receiver: 30 messages per 10 s, {@code 450 4.7.1 Error: too much mail} beyond
 * (no reply rule matches it: only the flow's own reactions act), 240 messages, ideal 80 s; and against a strict
 * 1 msg/s receiver answering {@code 421 4.7.0 Try again later} (the gmail-try-again-later rule backs off).
 * Shipped defaults. {@code main} prints the figures of docs/flow-control.md.
 */
class FlowTargetsTest {

    static final String TOO_MUCH = "450 4.7.1 Error: too much mail";
    static final int MESSAGES = 240;
    static final double IDEAL = MESSAGES / 3.0;
    static final Duration LIMIT = Duration.ofMinutes(30);

    static Receiver postfixLike() {
        return ReceiverModelSimulation.fixedWindow(30, Duration.ofSeconds(10), TOO_MUCH);
    }

    static Outcome cold(FlowControlConfig config, Sender sender) {
        return ReceiverModelSimulation.run(List.of(new Domain("limited.test", config, postfixLike(), MESSAGES)), sender,
                LIMIT).get(0);
    }

    /** A second delivery to the same site, from the state the first left (stored and read back as plain values). */
    static Outcome learned(FlowControlConfig config, Sender sender) {
        FlowState after = cold(config, sender).state();
        FlowState stored = FlowState.fromMap(after.toMap());
        return ReceiverModelSimulation.run(List.of(new Domain("limited.test", config, stored, postfixLike(), MESSAGES)),
                sender, LIMIT).get(0);
    }

    static Outcome strict(FlowControlConfig config, Sender sender, int messages) {
        Receiver strict = ReceiverModelSimulation.fixedWindow(1, Duration.ofSeconds(1),
                "421 4.7.0 Try again later, closing connection.");
        return ReceiverModelSimulation.run(List.of(new Domain("strict.test", config, strict, messages)), sender,
                Duration.ofHours(2)).get(0);
    }

    @Test
    void coldStartWithin1_2xIdealAndAtMostTenPercentDeferred() {
        Outcome o = cold(LearningOn.defaults(), Sender.typical());

        assertThat(o.delivered()).isEqualTo(MESSAGES);
        assertThat(o.seconds() / IDEAL).as("time vs ideal").isLessThanOrEqualTo(1.2);
        assertThat(o.deferredShareOfMessages()).as("deferred share").isLessThanOrEqualTo(0.10);
        assertThat(o.state().learned().onsetKnown()).as("learned where deferrals begin").isTrue();
    }

    @Test
    void learnedLimitWithin1_1xIdealAndAtMostThreePercentDeferred() {
        Outcome o = learned(LearningOn.defaults(), Sender.typical());

        assertThat(o.delivered()).isEqualTo(MESSAGES);
        assertThat(o.seconds() / IDEAL).as("time vs ideal").isLessThanOrEqualTo(1.1);
        assertThat(o.deferredShareOfMessages()).as("deferred share").isLessThanOrEqualTo(0.03);
    }

    @Test
    void strictLimitAtLeastNinetyPercentUsedWithAtMostFivePercentDeferred() {
        for (long jitterMs : new long[] {0, 50}) {
            StrictReceiverSimulation.Result r = StrictReceiverSimulation.run(
                    LearningOn.custom().initialRate(50).maxRate(200).build(), 1.0, Duration.ofMillis(jitterMs),
                    Duration.ofMinutes(5), Duration.ofMinutes(60), 42);

            assertThat(r.acceptedPerSecond()).as("share of 1 msg/s used, jitter %d ms", jitterMs).isGreaterThanOrEqualTo(0.9);
            assertThat(r.deferredShare()).as("share deferred, jitter %d ms", jitterMs).isLessThanOrEqualTo(0.05);
        }
    }

    /**
     * Sluice's windows run from the service's start, so the receiver's period and a window are rarely aligned (the
     * real pipeline: a window holding part of the quota learned 1.0 msg/s against 3). The cold and learned targets
     * hold wherever the first window closes, with the shipped start (10 msg/s) and with bench/convergence's (twice
     * the limit, 6 msg/s).
     */
    @Test
    void theTargetsHoldWhereverTheReceiversPeriodFallsInSluicesWindow() {
        for (FlowControlConfig config : List.of(LearningOn.defaults(), benchStart())) {
            for (int firstWindowMs = 1000; firstWindowMs <= 10_000; firstWindowMs += 1500) {
                Phase p = phase(config, Duration.ofMillis(firstWindowMs));
                String at = "initialRate " + config.getInitialRate() + ", first window " + firstWindowMs + " ms";

                assertThat(p.cold().seconds() / IDEAL).as("cold time vs ideal, " + at).isLessThanOrEqualTo(1.2);
                assertThat(p.cold().deferredShareOfMessages()).as("cold deferred share, " + at)
                        .isLessThanOrEqualTo(0.10);
                assertThat(p.cold().state().learned().deferralOnsetRate()).as("learned onset, " + at)
                        .isBetween(2.5, 3.5);
                assertThat(p.learned().seconds() / IDEAL).as("learned time vs ideal, " + at).isLessThanOrEqualTo(1.1);
                assertThat(p.learned().deferredShareOfMessages()).as("learned deferred share, " + at)
                        .isLessThanOrEqualTo(0.03);
            }
        }
    }

    /** bench/convergence's start: twice the limit. */
    static FlowControlConfig benchStart() {
        return LearningOn.custom().initialRate(6).maxRate(30).minRate(0.3).minAttempts(5).build();
    }

    record Phase(Outcome cold, Outcome learned) {
    }

    /**
     * A cold start and then a second delivery from the state it left, the first window closing {@code first} after
     * the first message (Sluice's windows run from the service's start, so the receiver's period and a window are
     * rarely aligned: in the real pipeline a window holding part of the quota learned 1.0 msg/s against 3).
     */
    static Phase phase(FlowControlConfig config, Duration first) {
        Outcome cold = ReceiverModelSimulation.run(List.of(new Domain("limited.test", config, postfixLike(), MESSAGES)),
                Sender.typical(), LIMIT, first).get(0);
        Outcome learned = ReceiverModelSimulation.run(List.of(new Domain("limited.test", config,
                FlowState.fromMap(cold.state().toMap()), postfixLike(), MESSAGES)), Sender.typical(), LIMIT, first)
                .get(0);
        return new Phase(cold, learned);
    }

    @Test
    void aHealthyDomainAlongsideTakesAtMostTenPercentLongerThanAlone() {
        FlowControlConfig d = LearningOn.defaults();
        Domain healthy = new Domain("healthy.test", d, ReceiverModelSimulation.healthy(), 2000);
        double alone = ReceiverModelSimulation.run(List.of(healthy), Sender.typical(), LIMIT).get(0).seconds();
        List<Outcome> both = ReceiverModelSimulation.run(List.of(
                new Domain("healthy.test", d, ReceiverModelSimulation.healthy(), 2000),
                new Domain("limited.test", d, postfixLike(), MESSAGES)), Sender.typical(), LIMIT);

        assertThat(both.get(0).delivered()).isEqualTo(2000);
        assertThat(both.get(0).seconds() / alone).as("healthy alongside vs alone").isLessThanOrEqualTo(1.1);
    }

    @Test
    void aNewSiteStartsFromItsProviderGroupsLearnedLimit() {
        FlowControlRegistry registry = FlowControlRegistry.custom().clock(TestClock.at())
                .defaultConfig(LearningOn.defaults()).build();
        String sibling = "mx1.limited.example,mx2.limited.example";
        for (int i = 0; i < 10; i++) {
            registry.onAttempt(sibling, io.sluice.flowcontrol.Outcome.ACCEPTED, 0);
        }
        for (int i = 0; i < 3; i++) {
            registry.onAttempt(sibling, io.sluice.flowcontrol.Outcome.DEFERRAL, 0); // deferrals began at 10 msg/s
        }
        registry.onGlobalWindow(Map.of(sibling, WindowCounts.of(10, 3, 0, 0, 0, 0)));
        LearnedLimit learned = registry.flow(sibling).state().learned();
        assertThat(learned.deferralOnsetRate()).isEqualTo(FlowControlConfig.DEFAULT_INITIAL_RATE);

        DomainFlow newSite = registry.flow("mx3.limited.example,mx4.limited.example");
        assertThat(newSite.state().learned()).isEqualTo(learned);
        assertThat(newSite.currentRate()).as("just under the group's limit")
                .isEqualTo(FlowControlConfig.DEFAULT_INITIAL_RATE * LearningOn.PLATEAU_SHARE);
        assertThat(registry.flow("google").state().learned()).as("a rollup rule's site: its own flow, no group")
                .isEqualTo(LearnedLimit.NONE);
    }

    @Test
    void aSiteStartedFromItsGroupsLearnedLimitMeetsTheLearnedTarget() {
        LearnedLimit learnedElsewhere = cold(LearningOn.defaults(), Sender.typical()).state().learned();
        FlowState start = FlowState.initial(LearningOn.defaults(), TestClock.T0, learnedElsewhere);
        Outcome o = ReceiverModelSimulation.run(List.of(new Domain("mx3.limited.example,mx4.limited.example",
                LearningOn.defaults(), start, postfixLike(), MESSAGES)), Sender.typical(), LIMIT).get(0);

        assertThat(o.seconds() / IDEAL).as("time vs ideal, started from the group").isLessThanOrEqualTo(1.1);
        assertThat(o.deferredShareOfMessages()).as("deferred share").isLessThanOrEqualTo(0.03);
    }

    /** The figures of docs/flow-control.md ("Measured"). */
    public static void main(String[] args) {
        FlowControlConfig d = LearningOn.defaults();
        Outcome o = cold(d, Sender.typical());
        System.out.printf("cold start:    %d in %.1f s (%.2fx ideal), %d deferred (%.1f%% of messages); learned: %s%n",
                o.delivered(), o.seconds(), o.seconds() / IDEAL, o.deferred(), 100 * o.deferredShareOfMessages(),
                o.state().learned().describe());
        Outcome l = learned(d, Sender.typical());
        System.out.printf("learned limit: %d in %.1f s (%.2fx ideal), %d deferred (%.1f%% of messages)%n",
                l.delivered(), l.seconds(), l.seconds() / IDEAL, l.deferred(), 100 * l.deferredShareOfMessages());
        for (long jitter : new long[] {0, 50, 200}) {
            StrictReceiverSimulation.Result r = StrictReceiverSimulation.run(
                    LearningOn.custom().initialRate(50).maxRate(200).build(), 1.0, Duration.ofMillis(jitter),
                    Duration.ofMinutes(5), Duration.ofMinutes(60), 42);
            System.out.printf("strict 1 msg/s, jitter %3d ms: %.3f msg/s used, %.1f%% deferred%n", jitter,
                    r.acceptedPerSecond(), 100 * r.deferredShare());
        }
        Domain healthy = new Domain("healthy.test", d, ReceiverModelSimulation.healthy(), 2000);
        double alone = ReceiverModelSimulation.run(List.of(healthy), Sender.typical(), LIMIT).get(0).seconds();
        double beside = ReceiverModelSimulation.run(List.of(healthy, new Domain("limited.test", d, postfixLike(),
                MESSAGES)), Sender.typical(), LIMIT).get(0).seconds();
        System.out.printf("healthy domain (2000 messages): alone %.1f s, beside the limited one %.1f s (%.2fx)%n",
                alone, beside, beside / alone);
        for (FlowControlConfig config : List.of(d, benchStart())) {
            for (int firstWindowMs = 1000; firstWindowMs <= 10_000; firstWindowMs += 1500) {
                Phase p = phase(config, Duration.ofMillis(firstWindowMs));
                System.out.printf("initialRate %4.1f, first window %5d ms: cold %.2fx, %d deferred (%s); learned %.2fx,"
                        + " %d deferred%n", config.getInitialRate(), firstWindowMs, p.cold().seconds() / IDEAL,
                        p.cold().deferred(), p.cold().state().learned().describe(), p.learned().seconds() / IDEAL,
                        p.learned().deferred());
            }
        }
    }
}
