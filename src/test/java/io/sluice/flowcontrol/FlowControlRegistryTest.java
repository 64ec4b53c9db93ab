package io.sluice.flowcontrol;

import io.sluice.testsupport.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sluice.flowcontrol.DomainFlow.State;
import org.junit.jupiter.api.Test;

class FlowControlRegistryTest {

    final TestClock clock = TestClock.at();
    final List<FlowEvent> events = new ArrayList<>();
    final FlowControlRegistry registry = FlowControlRegistry.custom()
            .clock(clock)
            .override("Gmail.com", FlowControlConfig.custom().maxRate(30).build())
            .rules(DomainFlowTest.RULES)
            .listener(events::add)
            .build();

    static final List<String> DOMAINS = List.of("gmail.com", "yahoo.com", "outlook.com", "orange.fr", "gmx.de");

    boolean window(Map<String, WindowCounts> perKey) {
        clock.advanceSeconds(10);
        return registry.onGlobalWindow(perKey);
    }

    @Test
    void shouldCreateFlowsOnFirstUseWithOverridesAndNormalizedKeys() {
        DomainFlow gmail = registry.flow("GMAIL.com.");
        assertThat(gmail).isSameAs(registry.flow("gmail.com"));
        assertThat(gmail.getKey()).isEqualTo("gmail.com");
        assertThat(gmail.getConfig().getMaxRate()).isEqualTo(30);
        assertThat(registry.flow("yahoo.com").getConfig().getMaxRate()).isEqualTo(50);
        assertThat(registry.rateFor("yahoo.com")).isEqualTo(10);
        assertThat(registry.snapshots()).extracting(FlowSnapshot::key).containsExactly("gmail.com", "yahoo.com");
        assertThat(registry.find("unknown.org")).isEmpty();
        assertThatThrownBy(() -> registry.flow(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBackOffOnlyTheOneBadDomain() {
        DOMAINS.forEach(registry::rateFor); // the throttle asked before sending
        Map<String, WindowCounts> w = new LinkedHashMap<>();
        DOMAINS.forEach(d -> w.put(d, WindowCounts.of(100, 0, 0, 0, 0, 0)));
        w.put("yahoo.com", WindowCounts.of(10, 20, 0, 0, 0, 0));

        assertThat(window(w)).isTrue();

        assertThat(registry.senderPaused()).isFalse();
        assertThat(registry.flow("yahoo.com").getState()).isEqualTo(State.BACKOFF);
        assertThat(registry.rateFor("yahoo.com")).isEqualTo(5);
        for (String d : List.of("gmail.com", "outlook.com", "orange.fr", "gmx.de")) {
            assertThat(registry.flow(d).getState()).as(d).isEqualTo(State.NORMAL);
            assertThat(registry.rateFor(d)).as(d).isCloseTo(11, within(1e-9));
        }
        assertThat(registry.snapshots()).filteredOn(FlowSnapshot::heldBack).extracting(FlowSnapshot::key)
                .containsExactly("yahoo.com");
    }

    @Test
    void shouldBlameTheSenderNotTheDomainsForInternalFailures() {
        Map<String, WindowCounts> w = new LinkedHashMap<>();
        // relay down: most attempts fail inside Sluice; the few that got out were deferred
        DOMAINS.forEach(d -> w.put(d, WindowCounts.of(5, 10, 0, 0, 0, 30)));

        assertThat(window(w)).isFalse();

        assertThat(registry.senderPaused()).isTrue();
        assertThat(registry.getSenderState().snapshot().state()).isEqualTo(GlobalSenderState.State.SENDER_PROBLEM);
        DOMAINS.forEach(d -> assertThat(registry.flow(d).getState()).as(d).isEqualTo(State.NORMAL));
        assertThat(registry.rateFor("gmail.com")).isZero();
        assertThat(registry.flow("gmail.com").currentRate()).isEqualTo(10);
        assertThat(events).extracting(Object::toString).containsExactly("The sender entered SENDER_PROBLEM: 150 of "
                + "225 attempts (67%) failed inside Sluice in the last window; sending paused and no domain is slowed "
                + "down for it");

        Map<String, WindowCounts> healthy = new LinkedHashMap<>();
        DOMAINS.forEach(d -> healthy.put(d, WindowCounts.of(30, 0, 0, 0, 0, 0)));
        assertThat(window(healthy)).isTrue();
        assertThat(registry.senderPaused()).isFalse();
        assertThat(events.get(1).toString()).startsWith("The sender is HEALTHY again: a window without a sender "
                + "problem after 150 of 225 attempts");
    }

    @Test
    void shouldNotBlameSenderForInternalFailuresBelowTheMinimumOfAttempts() {
        assertThat(window(Map.of("gmail.com", WindowCounts.of(1, 0, 0, 0, 0, 5)))).isTrue();
        assertThat(registry.senderPaused()).isFalse();
    }

    @Test
    void shouldBlameTheSenderWhenMostDomainsAreBadAtOnce() {
        Map<String, WindowCounts> w = new LinkedHashMap<>();
        DOMAINS.forEach(d -> w.put(d, WindowCounts.of(10, 0, 0, 0, 10, 0))); // 50 % policy blocks everywhere
        w.put("gmx.de", WindowCounts.of(30, 0, 0, 0, 0, 0));
        w.put("tiny.example", WindowCounts.of(0, 3, 0, 0, 0, 0)); // too few attempts: not active

        assertThat(window(w)).isFalse();

        assertThat(registry.senderPaused()).isTrue();
        assertThat(registry.getSenderState().snapshot().reason()).isEqualTo("4 of 5 active domains (80%) refused us or "
                + "were unreachable in the same window (gmail.com, orange.fr, outlook.com, yahoo.com)");
        assertThat(registry.snapshots()).noneMatch(FlowSnapshot::heldBack);
    }

    @Test
    void shouldSlowDownEachDomainNotPauseTheSenderWhenEveryActiveDomainDefersAtOnce() {
        // the tail of a run: only rate-limited domains left, all ramped past their limit in the same window
        Map<String, WindowCounts> w = new LinkedHashMap<>();
        DOMAINS.forEach(d -> w.put(d, WindowCounts.of(10, 10, 0, 0, 0, 0)));

        assertThat(window(w)).isTrue();

        assertThat(registry.senderPaused()).isFalse();
        DOMAINS.forEach(d -> assertThat(registry.flow(d).getState()).as(d).isEqualTo(State.BACKOFF));
    }

    @Test
    void shouldResumeSendingAfterThePauseDurationAsAPausedSenderProducesNoWindow() {
        Map<String, WindowCounts> w = new LinkedHashMap<>();
        DOMAINS.forEach(d -> w.put(d, WindowCounts.of(0, 0, 10, 0, 0, 0))); // unreachable everywhere: our network
        assertThat(window(w)).isFalse();
        assertThat(registry.senderPaused()).isTrue();

        clock.advanceSeconds(29);
        assertThat(registry.senderPaused()).as("within sender.pauseDuration (30 s)").isTrue();
        clock.advanceSeconds(1);
        assertThat(registry.senderPaused()).isFalse();
        assertThat(registry.rateFor("gmail.com")).isEqualTo(10);
        assertThat(events.get(events.size() - 1).toString()).startsWith("The sender is HEALTHY again: paused for 30s"
                + " without a window; sending again to see whether the problem is gone (5 of 5 active domains");

        // still unreachable: the next window pauses again
        assertThat(window(w)).isFalse();
        assertThat(registry.senderPaused()).isTrue();
        DOMAINS.forEach(d -> assertThat(registry.flow(d).getState()).as(d).isEqualTo(State.NORMAL));
    }

    @Test
    void shouldNotBlameTheSenderForFewerThanThreeBadDomains() {
        Map<String, WindowCounts> w = new LinkedHashMap<>();
        w.put("gmail.com", WindowCounts.of(10, 10, 0, 0, 0, 0));
        w.put("yahoo.com", WindowCounts.of(10, 10, 0, 0, 0, 0));
        assertThat(window(w)).isTrue();
        assertThat(registry.senderPaused()).isFalse();
        assertThat(registry.flow("gmail.com").getState()).isEqualTo(State.BACKOFF);
        assertThat(registry.flow("yahoo.com").getState()).isEqualTo(State.BACKOFF);
    }

    @Test
    void shouldRouteRepliesToTheKeysFlowAndShareRules() {
        assertThat(registry.onReply("yahoo.com", DomainFlowTest.TSS04)).map(ReplyRule::getName).contains("yahoo-tss04");
        assertThat(registry.rateFor("yahoo.com")).isZero();
        assertThat(registry.onReply("gmail.com", "250 2.0.0 OK")).isEmpty();

        registry.replaceRules(ReplyRules.empty());
        assertThat(registry.onReply("outlook.com", DomainFlowTest.TSS04)).isEmpty();
    }

    @Test
    void shouldReconfigureExistingFlows() {
        registry.flow("gmail.com");
        FlowControlSettings settings = FlowControlSettings.fromYaml("domains:\n  gmail.com:\n    flow: { maxRate: 5 }\n");
        registry.reconfigure(settings);
        assertThat(registry.rateFor("gmail.com")).isEqualTo(5);
        assertThat(registry.getRules().size()).isZero();
    }

    @Test
    void shouldListOnlyLegalSenderTransitions() {
        assertThatThrownBy(() -> GlobalSenderState.StateTransition.transitionBetween(GlobalSenderState.State.HEALTHY,
                GlobalSenderState.State.HEALTHY)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Illegal sender-state transition HEALTHY -> HEALTHY");
    }

    @Test
    void shouldPublishEventsOfEveryFlowToRegistryListeners() {
        registry.flow("gmail.com").suspend(Duration.ofMinutes(5), "test");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo("gmail.com");
    }
}
