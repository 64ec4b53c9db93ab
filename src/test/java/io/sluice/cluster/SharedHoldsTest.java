package io.sluice.cluster;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A site held back on one instance is held back on the others (PostgreSQL, the shipped statements): two instances'
 * flow control (one registry each) sharing one database.
 */
class SharedHoldsTest {

    private static final Path SQL = Path.of("config/sql");

    @Test
    void shouldHoldASiteOnEveryInstanceWhenOneSuspendsItAndReleaseItWhenAnOperatorEndsItEarly() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            new Campaign(db.dataSource());
            Instance a = new Instance(db, "a");
            Instance b = new Instance(db, "b");
            b.holds.poll(); // b is running: its first look is done

            a.registry.flow("yahoo.test").suspend(Duration.ofHours(2), "rule yahoo-tss04");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.holds.poll() == 1);
            var held = b.registry.flow("yahoo.test").snapshot();
            assertThat(held.state()).isEqualTo(DomainFlow.State.SUSPENDED);
            assertThat(Duration.between(Instant.now(), held.until())).isBetween(Duration.ofMinutes(119), Duration.ofHours(2));
            assertThat(held.reason()).contains("held by instance a").contains("rule yahoo-tss04");
            assertThat(b.holds.poll()).as("followed once").isZero();

            // a shorter hold elsewhere does not shorten it; b following it wrote nothing back
            b.registry.flow("yahoo.test").suspend(Duration.ofMinutes(5), "shorter");
            Thread.sleep(300);
            assertThat(a.holds.poll()).isZero();
            assertThat(a.registry.flow("yahoo.test").snapshot().until()).isAfter(Instant.now().plus(Duration.ofMinutes(119)));

            // an operator ends it early on a: b ends it too
            a.registry.flow("yahoo.test").resetToNormal("ops");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.holds.poll() == 1);
            assertThat(b.registry.flow("yahoo.test").getState()).isNotEqualTo(DomainFlow.State.SUSPENDED);

            // an instance starting later follows the holds in force, not the old releases
            a.registry.flow("gmail.test").suspend(Duration.ofMinutes(30), "too many 421");
            Thread.sleep(300);
            Instance c = new Instance(db, "c");
            assertThat(c.holds.poll()).isEqualTo(1);
            assertThat(c.registry.flow("gmail.test").getState()).isEqualTo(DomainFlow.State.SUSPENDED);
            assertThat(c.registry.flow("yahoo.test").getState()).isEqualTo(DomainFlow.State.NORMAL);
        }
    }

    @Test
    void shouldShareNothingOnTheEmbeddedDatabase() throws Exception {
        FlowControlRegistry registry = FlowControlRegistry.custom().build();
        SharedHolds holds = SharedHolds.of(null, registry, "only", Clock.systemUTC(), Runnable::run, SQL, false);
        registry.addListener(holds);
        registry.flow("x.test").suspend(Duration.ofMinutes(1), "why"); // no database to write to: nothing happens
        assertThat(holds.poll()).isZero();
    }

    /** One instance's flow control, its holds shared through the database. */
    private static final class Instance {
        final FlowControlRegistry registry = FlowControlRegistry.custom().build();
        final SharedHolds holds;

        Instance(TestDatabase db, String id) throws Exception {
            holds = SharedHolds.of(db.dataSource(), registry, id, Clock.systemUTC(), Runnable::run, SQL, true);
            registry.addListener(holds);
        }
    }
}
