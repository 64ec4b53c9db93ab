package io.sluice.flowcontrol.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sluice.SluiceExchange;
import io.sluice.flowcontrol.FlowControlConfig;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.MutableClock;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The gate's decisions with a hand-moved clock: slots, parking, the throttle ceiling. */
class FlowGateTest {

    final MutableClock clock = new MutableClock();
    final FlowControlRegistry registry = FlowControlRegistry.custom()
            .clock(clock)
            .override("slow.example", FlowControlConfig.custom().initialRate(4).maxRate(4).build())
            .build();
    final FlowGate gate = new FlowGate(registry, clock, Duration.ofSeconds(2), 100, Duration.ofSeconds(30));
    final CamelContext camel = new DefaultCamelContext();
    final Instant start = clock.instant();

    Exchange message(String domain) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(SluiceExchange.DOMAIN, domain);
        return exchange;
    }

    @Test
    void shouldGiveEachAdmittedMessageItsOwnSlotOneIntervalApartAndParkBeyondTheHorizon() {
        List<Long> waits = new ArrayList<>();
        int parked = 0;
        for (int i = 0; i < 12; i++) {
            Exchange e = message("slow.example");
            gate.decide(e);
            if (e.getProperty(FlowGate.PARK_UNTIL) != null) {
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
        assertThat(later.getProperty(FlowGate.PARK_UNTIL, Instant.class))
                .as("the next free slot (after the three parked ones) is 3 s from the start")
                .isEqualTo(start.plusMillis(3000));
    }

    @Test
    void shouldLetAParkedMessageComeBackToTheSlotItReserved() {
        for (int i = 0; i < 9; i++) {
            gate.decide(message("slow.example"));
        }
        Exchange parked = message("slow.example");
        gate.decide(parked);
        Instant slot = parked.getProperty(FlowGate.PARK_UNTIL, Instant.class);
        assertThat(slot).isNotNull();

        clock.advance(Duration.between(clock.instant(), slot).minusMillis(100));
        parked.removeProperty(FlowGate.PARK_UNTIL);
        gate.decide(parked); // back from the broker 100 ms early
        assertThat(parked.getProperty(FlowGate.PARK_UNTIL)).isNull();
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
        gate.done(admitted);
        assertThat(admitted.getProperty(FlowGate.PARK_UNTIL, Instant.class)).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(gate.inMemory("slow.example")).isZero();

        Exchange next = message("slow.example");
        gate.decide(next);
        assertThat(next.getProperty(FlowGate.PARK_UNTIL, Instant.class)).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(next.getProperty(FlowGate.PARK_HELD_BACK, Boolean.class)).isTrue();
    }
}
