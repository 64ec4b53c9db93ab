package io.sluice.flowcontrol.camel;

import static io.sluice.SluiceConstants.SLUICE_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_PARK_HELD_BACK;
import static io.sluice.SluiceConstants.SLUICE_PARK_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_SITE;

import io.sluice.domains.DomainPolicies;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowControlSettings;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hourly quota per site (domains.yaml messagesPerHour): the gate paces a site's quota evenly through the hour and
 * parks what it holds back of a healthy site as "connection quotas met" (not held back by flow control).
 */
class HourlyQuotaTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @SuppressWarnings("unchecked")
    private static FlowGate gate(String yaml) {
        Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        DomainPolicies policies = DomainPolicies.of(root);
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        FlowControlRegistry registry = FlowControlRegistry.of(FlowControlSettings.fromYaml(root), clock);
        return new FlowGate(registry, clock, Duration.ofSeconds(2), 100, Duration.ofSeconds(30), key -> {
            Integer perHour = policies.limitsFor(key).messagesPerHour();
            return perHour == null ? Double.POSITIVE_INFINITY : perHour / 3600.0;
        });
    }

    private static Exchange message(String site) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getMessage().setHeader(SLUICE_DOMAIN, site);
        e.getMessage().setHeader(SLUICE_SITE, site);
        return e;
    }

    static final String YAML = String.join("\n",
            "defaults: {transport: mx, flow: {initialRate: 10}}",
            "sites:",
            "  google: {mx: ['*.google.com'], messagesPerHour: 720}",
            "domains:",
            "  small.test: {messagesPerHour: 12}",
            "");

    @Test
    void shouldSpaceASitesQuotaEvenlyThroughTheHour() {
        FlowGate gate = gate(YAML);
        List<Instant> parkedUntil = new ArrayList<>();
        int admitted = 0;
        for (int i = 0; i < 5; i++) {
            Exchange e = message("google");
            gate.decide(e);
            Instant until = e.getProperty(SLUICE_PARK_UNTIL, Instant.class);
            if (until == null) {
                admitted++;
            } else {
                parkedUntil.add(until);
                assertThat(e.getProperty(SLUICE_PARK_HELD_BACK, Boolean.class))
                        .as("a healthy site held back by its quota: 'connection quotas met'").isFalse();
            }
        }

        // 720/h = one slot every 5 s: the first goes now, the others wait 5 s apart (beyond the 2 s horizon)
        assertThat(admitted).isEqualTo(1);
        assertThat(parkedUntil).containsExactly(T0.plusSeconds(5), T0.plusSeconds(10), T0.plusSeconds(15), T0.plusSeconds(20));
        assertThat(gate.permits("google")).isEqualTo(1);
    }

    @Test
    void shouldApplyADomainsQuotaWhenTheDomainIsItsOwnSite() {
        FlowGate gate = gate(YAML);
        gate.decide(message("small.test"));
        Exchange second = message("small.test");

        gate.decide(second);

        // 12/h = one every 5 minutes (Campaign's 12 five-minute slices, one message each)
        assertThat(second.getProperty(SLUICE_PARK_UNTIL, Instant.class)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void shouldLeaveASiteWithoutQuotaAtItsFlowControlRate() {
        FlowGate gate = gate(YAML);
        int admitted = 0;
        for (int i = 0; i < 15; i++) {
            Exchange e = message("other.test");
            gate.decide(e);
            admitted += e.getProperty(SLUICE_PARK_UNTIL) == null ? 1 : 0;
        }

        assertThat(admitted).as("10 msg/s within the 2 s horizon").isGreaterThanOrEqualTo(15);
        assertThat(gate.permits("other.test")).as("the live rate with the throttle's headroom").isEqualTo(20);
    }
}
