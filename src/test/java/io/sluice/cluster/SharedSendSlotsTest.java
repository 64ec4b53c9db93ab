package io.sluice.cluster;

import io.sluice.flowcontrol.camel.SharedSlots.Grant;
import io.sluice.testsupport.Arrivals;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The send slots instances share through PostgreSQL: three instances (three {@link SharedSendSlots} on one database,
 * each with its own threads) asking for one site's slots as fast as they can together get the site's rate, not three
 * times it; slots are on the database's clock; an idle site gets no catch-up burst; no database, no slot.
 */
class SharedSendSlotsTest {

    private static final Path SQL = Path.of("config/sql");
    private static final Duration HORIZON = Duration.ofSeconds(2);
    private static final Duration BLOCK = Duration.ofMillis(250);

    @Test
    void shouldNeverLetThreeInstancesTogetherExceedTheSiteRate() throws Exception {
        double rate = 40;
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            new io.sluice.testsupport.Campaign(db.dataSource()); // the schema
            List<SharedSendSlots> instances = List.of(slots(db, Clock.systemUTC()), slots(db, Clock.systemUTC()),
                    slots(db, Clock.systemUTC()));
            List<Instant> sent = Collections.synchronizedList(new ArrayList<>());
            Instant end = Instant.now().plusSeconds(4);
            ExecutorService threads = Executors.newFixedThreadPool(6);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                SharedSendSlots instance = instances.get(t % 3);
                running.add(threads.submit(() -> sendUntil(instance, rate, end, sent)));
            }
            for (Future<?> f : running) {
                f.get();
            }
            threads.shutdown();
            List<Instant> slots = new ArrayList<>(sent);
            Collections.sort(slots);
            // The slots are on each instance's estimate of the database's clock, which may differ from another
            // instance's by half its best round trip, and a loaded machine stretches that: two instances' slots 25 ms
            // apart on the database came 16.5 ms apart (CI), then 9 ms (stop 31). So the gap between two instances'
            // slots says nothing exact, and is not asserted; what is: a slot given twice, or instances each at the
            // full rate, put more than the rate into some second, and more than the rate into the whole run.
            assertThat(Arrivals.maxInAnyWindow(slots, Duration.ofSeconds(1))).as("slots in any one second")
                    .isLessThanOrEqualTo((int) rate + 1);
            assertThat(slots.size()).as("slots over 4 s at %s/s", rate).isLessThanOrEqualTo((int) (rate * 4) + 1);
            // and the three together still use the rate: not much is lost to blocks one instance did not use
            assertThat(slots.size()).as("slots over 4 s at %s/s", rate).isGreaterThanOrEqualTo((int) (rate * 4 * 0.8));
            long statements = instances.stream().mapToLong(SharedSendSlots::statements).sum();
            assertThat(statements).as("statements for %d slots", slots.size()).isLessThan(slots.size() / 3);
        }
    }

    @Test
    void shouldAgreeOnTheDatabasesClockWhenTheInstancesClocksDiffer() throws Exception {
        double rate = 20;
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            new io.sluice.testsupport.Campaign(db.dataSource());
            Duration skew = Duration.ofMinutes(7);
            SharedSendSlots ahead = slots(db, Clock.offset(Clock.systemUTC(), skew));
            SharedSendSlots onTime = slots(db, Clock.systemUTC());
            for (int i = 0; i < 3; i++) { // the clock estimate keeps the quickest round trip: a first one may be slow
                ahead.take("warm-up.test", 1000);
                onTime.take("warm-up.test", 1000);
            }
            List<Instant> slots = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // each one's slot is on its own clock, within the horizon of its own now
                Grant a = ahead.take("skewed.test", rate);
                assertThat(a.granted()).isTrue();
                assertThat(Duration.between(Instant.now().plus(skew), a.at())).isBetween(Duration.ofMillis(-100), HORIZON);
                Grant b = onTime.take("skewed.test", rate);
                assertThat(b.granted()).isTrue();
                assertThat(Duration.between(Instant.now(), b.at())).isBetween(Duration.ofMillis(-100), HORIZON);
                slots.add(a.at().minus(skew));
                slots.add(b.at());
                ahead.forget("skewed.test"); // a new block each time: every pair is a fresh comparison of the clocks
                onTime.forget("skewed.test");
                Thread.sleep(500); // the blocks given up here are 2 x 250 ms of the site's time
            }
            Collections.sort(slots);
            for (int i = 1; i < slots.size(); i++) {
                assertThat(Duration.between(slots.get(i - 1), slots.get(i))).as("gap before slot %d", i)
                        .isGreaterThanOrEqualTo(Duration.ofMillis(45));
            }
        }
    }

    @Test
    void shouldStartAnIdleSiteFromNowAndRefuseBeyondTheHorizon() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            new io.sluice.testsupport.Campaign(db.dataSource());
            SharedSendSlots slots = slots(db, Clock.systemUTC());
            Grant first = slots.take("idle.test", 10);
            Thread.sleep(1500); // idle: the slots of that time are gone, not saved up for a burst
            slots.forget("idle.test");
            Instant before = Instant.now();
            Grant afterIdle = slots.take("idle.test", 10);
            assertThat(first.granted()).isTrue();
            assertThat(afterIdle.granted()).isTrue();
            assertThat(afterIdle.at()).isAfterOrEqualTo(before.minusMillis(20));
            // nobody sends: asking on and on reserves about the horizon's worth (2 s at 10/s), then asks to come back
            int granted = 1;
            Grant g = afterIdle;
            while (g.granted() && granted < 1000) {
                g = slots.take("idle.test", 10);
                granted += g.granted() ? 1 : 0;
            }
            assertThat(granted).isBetween(20, 20 + 3 + 1);
            assertThat(g.at()).isBetween(Instant.now().minusMillis(50), Instant.now().plusMillis(600));
            assertThat(slots.statements()).as("one statement per block of 2").isLessThanOrEqualTo(14);
        }
    }

    @Test
    void shouldGrantNothingWithoutTheDatabase() throws Exception {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        SharedSendSlots slots = new SharedSendSlots(nowhere, SQL, Clock.systemUTC(), BLOCK, HORIZON);
        Grant g = slots.take("any.test", 100);
        assertThat(g.granted()).isFalse();
        assertThat(g.at()).isAfter(Instant.now().plusMillis(500));
        assertThat(slots.failures()).isEqualTo(1);
        // the next messages are told to come back without waiting for a connection of their own each
        Grant next = slots.take("other.test", 100);
        assertThat(next.granted()).isFalse();
        assertThat(next.at()).isEqualTo(g.at());
        assertThat(slots.failures()).isEqualTo(1);
        assertThat(slots.granted()).isZero();
    }

    @Test
    void shouldRefuseABlockLongerThanTheHorizon() {
        assertThatThrownBy(() -> new SharedSendSlots(new PGSimpleDataSource(), SQL, Clock.systemUTC(),
                Duration.ofSeconds(3), HORIZON)).hasMessageContaining("sluice.cluster.slot-block");
    }

    private static SharedSendSlots slots(TestDatabase db, Clock clock) throws Exception {
        return new SharedSendSlots(db.dataSource(), SQL, clock, BLOCK, HORIZON);
    }

    /** An instance's sender: takes a slot, waits for it (as the gate's Delay does), records it; or waits as told. */
    private static Void sendUntil(SharedSendSlots instance, double rate, Instant end, List<Instant> sent)
            throws InterruptedException {
        while (Instant.now().isBefore(end)) {
            Grant g = instance.take("busy.test", rate);
            if (g.granted() && g.at().isBefore(end)) {
                sent.add(g.at());
            }
            long wait = Duration.between(Instant.now(), g.at()).toMillis();
            Thread.sleep(Math.max(g.granted() ? 0 : 5, wait));
        }
        return null;
    }
}
