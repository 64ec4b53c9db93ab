package io.sluice.cluster;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowControlSettings;
import io.sluice.flowcontrol.FlowEvent;
import io.sluice.flowcontrol.LearnedLimit;
import io.sluice.flowcontrol.Outcome;
import io.sluice.flowcontrol.WindowCounts;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestClock;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One flow-control state per site for several instances (PostgreSQL, the shipped statements): two instances' flow
 * control (one registry each) on one database, their windows fed by hand as the aggregator feeds them.
 */
class SharedFlowStateTest {

    private static final Path SQL = Path.of("config/sql");
    /** Short, so the test waits little for the next judgement; the shipped value is 90 % of the 10 s window. */
    private static final Duration DUE_AFTER = Duration.ofMillis(1500);
    private static final String SITE = "mx.shared.test";

    @Test
    void shouldSumTheInstancesWindowsJudgeThemOnceAndHaveEveryInstanceFollowTheOneCut() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            new Campaign(db.dataSource());
            Instance a = new Instance(db, "a");
            Instance b = new Instance(db, "b");

            // a's window: 6 attempts, fewer than minAttempts (10): carried over as evidence, no decision yet
            assertThat(a.registry.onGlobalWindow(Map.of(SITE, window(3, 3)))).isTrue();
            // b's window closes 0.2 s later: the window is judged already, its counts wait in the database
            b.registry.onGlobalWindow(Map.of(SITE, window(3, 3)));
            assertThat(b.shared().judged()).as("b judged nothing").isZero();
            assertThat(b.registry.flow(SITE).getState()).isEqualTo(DomainFlow.State.NORMAL);

            Thread.sleep(DUE_AFTER.toMillis() + 100);
            // a's next window: 4 more attempts; with b's 6 and the 6 carried over, 16 attempts of which 8 deferred
            a.registry.onGlobalWindow(Map.of(SITE, window(2, 2)));
            DomainFlow flowA = a.registry.flow(SITE);
            assertThat(flowA.getState()).isEqualTo(DomainFlow.State.BACKOFF);
            assertThat(flowA.currentRate()).as("one cut of the initial 10 msg/s").isEqualTo(5.0);
            assertThat(a.events).singleElement().satisfies(e -> {
                assertThat(e.toString()).contains("8 of 16 attempts deferred");
                assertThat(e.followed()).isFalse();
            });
            assertThat(a.shared().judged()).isEqualTo(2);

            // b follows within a poll, with the same rate, and its event says it followed (it is not stored again)
            assertThat(b.shared().follow()).isEqualTo(1);
            assertThat(b.registry.flow(SITE).getState()).isEqualTo(DomainFlow.State.BACKOFF);
            assertThat(b.registry.flow(SITE).currentRate()).isEqualTo(5.0);
            assertThat(b.events).singleElement().satisfies(e -> {
                assertThat(e.followed()).isTrue();
                assertThat(e.toString()).contains("followed instance a");
            });
            assertThat(b.shared().follow()).as("followed once").isZero();
            assertThat(String.join("\n", a.shared().judges())).contains("a: judged 1 site(s) in the last minute");

            // b's next window, once due, is judged by b from the shared state: no second cut from a stale 10 msg/s
            Thread.sleep(DUE_AFTER.toMillis() + 100);
            b.registry.onGlobalWindow(Map.of(SITE, window(10, 0)));
            assertThat(b.shared().judged()).isEqualTo(1);
            // a clean window in BACKOFF without a cap: back to NORMAL at 5 msg/s, on both
            assertThat(a.shared().follow()).isEqualTo(1);
            assertThat(a.registry.flow(SITE).getState()).isEqualTo(DomainFlow.State.NORMAL);
            assertThat(a.registry.flow(SITE).currentRate()).isEqualTo(5.0);
        }
    }

    /**
     * Learning on: two instances each send half of a receiver's quota (30 per period) and each measures its half at
     * the renewal; neither learns its half, and once both have reported (the renewal a window old) the judgement adds
     * them up into the receiver's rate.
     */
    @Test
    void shouldAddUpTheInstancesSharesOfAReceiversRateIntoTheSitesLimit() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            new Campaign(db.dataSource());
            TestClock clock = TestClock.at(); // the flows' clock; judgements fall due on the database's
            FlowControlSettings learning = FlowControlSettings.fromYaml(
                    "defaults: {flow: {reactAfterBadInRow: 3, plateauShare: 0.92, window: 2s}}");
            Instance a = new Instance(db, "a", learning, clock);
            Instance b = new Instance(db, "b", learning, clock);
            a.shared().aliveInstances(2);
            b.shared().aliveInstances(2);
            a.registry.onGlobalWindow(Map.of(SITE, window(1, 0))); // judged: the next judgement is due DUE_AFTER on

            for (int i = 0; i < 15; i++) { // 15 accepted each from 0.4 to 6 s, then the receiver's period is closed
                clock.advance(Duration.ofMillis(400));
                a.registry.onAttempt(SITE, Outcome.ACCEPTED, 0);
                b.registry.onAttempt(SITE, Outcome.ACCEPTED, 0);
            }
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofMillis(150));
                a.registry.onAttempt(SITE, Outcome.DEFERRAL, 0);
                b.registry.onAttempt(SITE, Outcome.DEFERRAL, 0);
            }
            clock.advance(Duration.ofMillis(200)); // renewed: at 6.55 s, halfway from the last deferral
            a.registry.onAttempt(SITE, Outcome.ACCEPTED, 0);
            b.registry.onAttempt(SITE, Outcome.ACCEPTED, 0);
            assertThat(a.registry.flow(SITE).state().learned().measured()).as("a's half is not learned").isFalse();
            assertThat(a.registry.flow(SITE).state().burst().cycle().unreported().rate()).as("but kept to report")
                    .isCloseTo(15 / 6.15, org.assertj.core.data.Offset.offset(1e-6));

            // their windows close: each reports its share (not due yet: the counts wait for the judgement)
            b.registry.onGlobalWindow(Map.of(SITE, window(16, 3)));
            a.registry.onGlobalWindow(Map.of(SITE, window(16, 3)));
            assertThat(a.shared().judged() + b.shared().judged()).as("only the first window was judged").isEqualTo(1);

            Thread.sleep(DUE_AFTER.toMillis() + 100);
            a.registry.onGlobalWindow(Map.of(SITE, window(1, 0)));
            assertThat(a.registry.flow(SITE).state().learned().measured())
                    .as("judged, but the renewal is not settled: an instance may still report its share").isFalse();

            Thread.sleep(DUE_AFTER.toMillis() + 100); // the renewal more than a window (2 s) old
            a.registry.onGlobalWindow(Map.of(SITE, window(1, 0)));
            LearnedLimit site = a.registry.flow(SITE).state().learned();
            assertThat(site.measured()).isTrue();
            assertThat(site.deferralOnsetRate()).as("both halves: 30 in 6.15 s, not a's 15")
                    .isCloseTo(30 / 6.15, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(a.registry.flow(SITE).currentRate()).as("just under it: a measured onset's plateau, 0.96 of it")
                    .isCloseTo(site.deferralOnsetRate() * (1 + 0.92) / 2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(b.shared().follow()).isEqualTo(1);
            assertThat(b.registry.flow(SITE).state().learned()).isEqualTo(site);
            assertThat(b.registry.flow(SITE).state().burst().cycle().from()).as("b's own cycle, kept").isNotNull();
        }
    }

    @Test
    void shouldNotWriteAChangeMadeFromAStaleVersionAndFollowTheNewerOne() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            new Campaign(db.dataSource());
            Instance a = new Instance(db, "a");
            Instance b = new Instance(db, "b");
            a.registry.flow(SITE).setRate(3.0, Duration.ofHours(1), "ops on a");
            assertThat(a.store.save()).isEqualTo(1);

            // b has not looked yet: its operator's change is made from a state older than a's
            b.registry.flow(SITE).setRate(8.0, Duration.ofHours(1), "ops on b");
            assertThat(b.store.save()).as("a stale change is not written").isZero();
            assertThat(b.shared().conflicts()).isEqualTo(1);
            assertThat(b.shared().follow()).isEqualTo(1);
            assertThat(b.registry.flow(SITE).currentRate()).isEqualTo(3.0);

            // made from the newest state, b's next change is written and a follows it
            b.registry.flow(SITE).setRate(2.0, Duration.ofHours(1), "ops on b");
            assertThat(b.store.save()).isEqualTo(1);
            assertThat(a.shared().follow()).isEqualTo(1);
            assertThat(a.registry.flow(SITE).currentRate()).isEqualTo(2.0);
            assertThat(a.store.save()).as("a followed state is not written back").isZero();
        }
    }

    @Test
    void shouldJudgeOnThisInstanceAloneWhileTheDatabaseIsUnreachable() throws Exception {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        FlowControlRegistry registry = FlowControlRegistry.ofDefaults(Clock.systemUTC());
        FlowStateStore store = FlowStateStore.shared(unreachable, registry, "a", SQL, DUE_AFTER, Duration.ofSeconds(10));
        registry.onGlobalWindow(Map.of(SITE, window(5, 5)));
        assertThat(registry.flow(SITE).getState()).as("a bad window is judged here all the same")
                .isEqualTo(DomainFlow.State.BACKOFF);
        assertThat(store.shared().failures()).isEqualTo(1);
    }

    private static WindowCounts window(int accepted, int deferred) {
        return WindowCounts.EMPTY.plus(Outcome.ACCEPTED, accepted).plus(Outcome.DEFERRAL, deferred);
    }

    /** One instance's flow control, its state shared through the database. */
    private static final class Instance {
        final FlowControlRegistry registry;
        final FlowStateStore store;
        final List<FlowEvent> events = new CopyOnWriteArrayList<>();

        Instance(TestDatabase db, String id) throws Exception {
            this(db, id, null, Clock.systemUTC());
        }

        Instance(TestDatabase db, String id, FlowControlSettings settings, Clock clock) throws Exception {
            registry = settings == null ? FlowControlRegistry.ofDefaults(clock)
                    : FlowControlRegistry.custom().settings(settings).clock(clock).build();
            store = FlowStateStore.shared(db.dataSource(), registry, id, SQL, DUE_AFTER, Duration.ofSeconds(10));
            store.start();
            registry.addListener(events::add);
        }

        SharedFlowState shared() {
            return store.shared();
        }
    }
}
