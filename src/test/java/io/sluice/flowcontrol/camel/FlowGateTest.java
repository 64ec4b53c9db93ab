package io.sluice.flowcontrol.camel;

import io.sluice.testsupport.TestClock;
import static io.sluice.SluiceConstants.SLUICE_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_PARK_HELD_BACK;
import static io.sluice.SluiceConstants.SLUICE_PARK_IN_DATABASE;
import static io.sluice.SluiceConstants.SLUICE_PARK_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_RESERVED_SLOT;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sluice.flowcontrol.FlowControlConfig;
import io.sluice.flowcontrol.FlowControlRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The gate's decisions with a hand-moved clock: slots, parking, the throttle ceiling. */
class FlowGateTest {

    final TestClock clock = TestClock.at();
    final FlowControlRegistry registry = FlowControlRegistry.custom()
            .clock(clock)
            .override("slow.example", FlowControlConfig.custom().initialRate(4).maxRate(4).build())
            .build();
    final FlowGate gate = new FlowGate(registry, clock, Duration.ofSeconds(2), 100, Duration.ofSeconds(30));
    final CamelContext camel = new DefaultCamelContext();
    final Instant start = clock.instant();

    Exchange message(String domain) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(SLUICE_DOMAIN, domain);
        return exchange;
    }

    /** What Camel does when an exchange completes: its synchronizations run (the gate's place among them). */
    static void complete(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(exchange));
    }

    @Test
    void shouldGiveEachAdmittedMessageItsOwnSlotOneIntervalApartAndParkBeyondTheHorizon() {
        List<Long> waits = new ArrayList<>();
        int parked = 0;
        for (int i = 0; i < 12; i++) {
            Exchange e = message("slow.example");
            gate.decide(e);
            if (e.getProperty(SLUICE_PARK_UNTIL) != null) {
                parked++;
            } else {
                waits.add(gate.millisToSlot(e));
            }
        }
        // 4 msg/s: slots 0, 250, 500 ... 2000 ms are within the 2 s horizon, the rest wait on the broker
        assertThat(waits).containsExactly(0L, 250L, 500L, 750L, 1000L, 1250L, 1500L, 1750L, 2000L);
        assertThat(parked).isEqualTo(3);
        assertThat(gate.inMemory("slow.example")).isEqualTo(9);

        clock.advance(Duration.ofMillis(600));
        Exchange later = message("slow.example");
        gate.decide(later);
        assertThat(later.getProperty(SLUICE_PARK_UNTIL, Instant.class))
                .as("the next free slot (after the three parked ones) is 3 s from the start")
                .isEqualTo(start.plusMillis(3000));
    }

    /**
     * With slots shared between instances the gate sends only in a granted slot: a grant sets the send time, a refusal
     * parks the message until the shared schedule has room, keeping a slot of its own schedule from then.
     */
    @Test
    void shouldSendOnlyInASharedSlotAndParkUntilTheSharedScheduleHasRoom() {
        List<SharedSlots.Grant> answers = new ArrayList<>(List.of(
                SharedSlots.Grant.slot(start.plusMillis(700)),
                SharedSlots.Grant.comeBackAt(start.plusMillis(5000))));
        List<String> forgotten = new ArrayList<>();
        SharedSlots others = new SharedSlots() {
            @Override
            public Grant take(String site, double rate) {
                return answers.remove(0);
            }

            @Override
            public void forget(String site) {
                forgotten.add(site);
            }
        };
        FlowGate shared = new FlowGate(registry, clock, Duration.ofSeconds(2), 100, Duration.ofSeconds(30),
                key -> Double.POSITIVE_INFINITY, Duration.ofMinutes(10), others);
        Exchange granted = message("slow.example");
        shared.decide(granted);
        assertThat(granted.getProperty(SLUICE_PARK_UNTIL)).isNull();
        assertThat(shared.millisToSlot(granted)).as("waits for the shared slot, not its own (now)").isEqualTo(700);

        Exchange refused = message("slow.example");
        shared.decide(refused);
        assertThat(refused.getProperty(SLUICE_PARK_UNTIL, Instant.class)).as("parked until the shared schedule has room")
                .isEqualTo(start.plusMillis(5000));
        assertThat(refused.getProperty(SLUICE_RESERVED_SLOT, Long.class)).isEqualTo(start.plusMillis(5000).toEpochMilli());
        assertThat(shared.inMemory("slow.example")).isEqualTo(1);

        shared.resetSchedule("slow.example");
        assertThat(forgotten).as("a rate cut drops the shared slots held too").containsExactly("slow.example");
    }

    @Test
    void shouldSpaceMailParkedAtTheOldRateByTheNewRateAfterACut() {
        registry.addListener(gate.rateCutListener());
        for (int i = 0; i < 9; i++) {
            gate.decide(message("slow.example")); // admitted, 250 ms apart
        }
        List<Exchange> parked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Exchange e = message("slow.example");
            gate.decide(e);
            parked.add(e); // slots 2.25, 2.5, 2.75, 3.0 s: 4 msg/s
        }
        registry.flow("slow.example").setRate(1, Duration.ofMinutes(10), "test"); // the receiver wants 1 msg/s

        clock.advance(Duration.ofMillis(2250)); // the parked mail comes back at its old slots
        List<Instant> next = new ArrayList<>();
        for (Exchange e : parked) {
            e.removeProperty(SLUICE_PARK_UNTIL);
            gate.decide(e);
            Instant until = e.getProperty(SLUICE_PARK_UNTIL, Instant.class);
            next.add(until != null ? until : clock.instant().plusMillis(gate.millisToSlot(e)));
        }
        // after the last message admitted at the old rate (2.0 s) plus one new interval, then one second apart at
        // the new rate, not 250 ms apart at the old one
        assertThat(next.get(0)).isEqualTo(start.plusMillis(3000));
        for (int i = 1; i < next.size(); i++) {
            assertThat(Duration.between(next.get(i - 1), next.get(i))).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldLetAParkedMessageComeBackToTheSlotItReserved() {
        for (int i = 0; i < 9; i++) {
            gate.decide(message("slow.example"));
        }
        Exchange parked = message("slow.example");
        gate.decide(parked);
        Instant slot = parked.getProperty(SLUICE_PARK_UNTIL, Instant.class);
        assertThat(slot).isNotNull();

        clock.advance(Duration.between(clock.instant(), slot).minusMillis(100));
        parked.removeProperty(SLUICE_PARK_UNTIL);
        gate.decide(parked); // back from the broker 100 ms early
        assertThat(parked.getProperty(SLUICE_PARK_UNTIL)).isNull();
        assertThat(gate.millisToSlot(parked)).isEqualTo(100);
    }

    @Test
    void shouldGiveTheThrottleHeadroomOverTheLiveRateSoItNeverPacesOnItsOwn() {
        assertThat(gate.permits("slow.example")).isEqualTo(8);
        registry.flow("slow.example").setRate(0.2, Duration.ofMinutes(5), "test");
        assertThat(gate.permits("slow.example")).isEqualTo(1);
    }

    @Test
    void shouldParkEverythingOfASuspendedDomainUntilTheSuspensionEndsAndReleaseTheMemorySlot() {
        Exchange admitted = message("slow.example");
        gate.decide(admitted);
        assertThat(gate.inMemory("slow.example")).isEqualTo(1);

        registry.flow("slow.example").suspend(Duration.ofMinutes(10), "421 4.7.0 TSS04");
        gate.recheck(admitted);
        complete(admitted); // in the routes: it enters park-message

        assertThat(admitted.getProperty(SLUICE_PARK_UNTIL, Instant.class)).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(gate.inMemory("slow.example")).isZero();

        Exchange next = message("slow.example");
        gate.decide(next);
        assertThat(next.getProperty(SLUICE_PARK_UNTIL, Instant.class)).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(next.getProperty(SLUICE_PARK_HELD_BACK, Boolean.class)).isTrue();
    }

    @Test
    void shouldParkMailBeyondTheBrokerHorizonInTheDatabaseAtVirtualSlotsThatReserveNothing() {
        FlowGate bounded = new FlowGate(registry, clock, Duration.ofSeconds(2), 100, Duration.ofSeconds(30),
                key -> Double.POSITIVE_INFINITY, Duration.ofSeconds(5));
        List<Instant> onBroker = new ArrayList<>();
        List<Instant> inDatabase = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Exchange e = message("slow.example");
            bounded.decide(e);
            Instant until = e.getProperty(SLUICE_PARK_UNTIL, Instant.class);
            if (until == null) {
                continue; // admitted: waits in memory for its slot
            }
            if (e.getProperty(SLUICE_PARK_IN_DATABASE, false, Boolean.class)) {
                assertThat(e.getProperty(SLUICE_RESERVED_SLOT)).as("no real slot is held for database-parked mail").isNull();
                inDatabase.add(until);
            } else {
                assertThat(e.getProperty(SLUICE_RESERVED_SLOT)).isNotNull();
                onBroker.add(until);
            }
        }
        // 4 msg/s: slots up to 2 s are admitted (9), slots up to the 5 s broker horizon are on the broker,
        // the rest wait in the database, each a virtual slot 250 ms behind the previous one
        assertThat(onBroker).allSatisfy(t -> assertThat(t).isBetween(start.plusMillis(2001), start.plusSeconds(5)));
        assertThat(onBroker).hasSize(12);
        assertThat(inDatabase).hasSize(30 - 9 - 12);
        for (int i = 1; i < inDatabase.size(); i++) {
            assertThat(Duration.between(inDatabase.get(i - 1), inDatabase.get(i))).isEqualTo(Duration.ofMillis(250));
        }
        assertThat(inDatabase.get(0)).isAfter(start.plusSeconds(5));

        // a message parked on the broker keeps its real slot: the schedule was not pushed out by the database's share
        clock.advance(Duration.ofSeconds(6));
        Exchange next = message("slow.example");
        bounded.decide(next);
        assertThat(next.getProperty(SLUICE_PARK_UNTIL)).as("the real schedule is free again after 5 s").isNull();
    }

    @Test
    void shouldParkASuspendedDomainsMailInTheDatabaseWhenTheSuspensionOutlastsTheBrokerHorizon() {
        FlowGate bounded = new FlowGate(registry, clock, Duration.ofSeconds(2), 100, Duration.ofSeconds(30),
                key -> Double.POSITIVE_INFINITY, Duration.ofMinutes(10));
        registry.flow("held.example").suspend(Duration.ofHours(2), "test");
        Exchange e = message("held.example");
        bounded.decide(e);
        assertThat(e.getProperty(SLUICE_PARK_UNTIL, Instant.class)).isEqualTo(start.plus(Duration.ofHours(2)));
        assertThat(e.getProperty(SLUICE_PARK_IN_DATABASE, false, Boolean.class)).isTrue();

        registry.flow("brief.example").suspend(Duration.ofMinutes(1), "test");
        Exchange brief = message("brief.example");
        bounded.decide(brief);
        assertThat(brief.getProperty(SLUICE_PARK_UNTIL, Instant.class)).isEqualTo(start.plus(Duration.ofMinutes(1)));
        assertThat(brief.getProperty(SLUICE_PARK_IN_DATABASE, false, Boolean.class))
                .as("a suspension within the broker horizon parks on the broker").isFalse();
    }

    @Test
    void shouldRefuseABrokerHorizonShorterThanTheMemoryHorizon() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FlowGate(registry, clock, Duration.ofSeconds(2),
                        100, Duration.ofSeconds(30), key -> Double.POSITIVE_INFINITY, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sluice.flow.broker-horizon");
    }
}
