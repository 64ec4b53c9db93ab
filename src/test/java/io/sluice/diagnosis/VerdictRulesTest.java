package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.diagnosis.DiagnosisReport.Event;
import io.sluice.diagnosis.DiagnosisReport.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict's thresholds at their edges, on figures built in memory. */
class VerdictRulesTest {

    @Test
    void shouldCallADomainTroubledFromOneFifthOfItsAttemptsDeferred() {
        assertThat(judge(line("a.test", 80, Map.of(ErrorClass.DEFERRAL, 20L))).verdict())
                .isEqualTo(Verdict.DOMAIN_SPECIFIC);
        assertThat(judge(line("a.test", 81, Map.of(ErrorClass.DEFERRAL, 19L))).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void shouldNotCountHardFailuresAgainstADomain() {
        VerdictRules.Judgement j = judge(line("a.test", 50, Map.of(ErrorClass.HARD, 50L)));
        assertThat(j.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(j.reasons()).containsExactly("no sender problem, no domain held back, errors under 20 % everywhere");
    }

    @Test
    void shouldBlameTheSenderWhenHalfTheDomainsFailToConnect() {
        VerdictRules.Judgement j = judge(line("a.test", 70, Map.of(ErrorClass.CONNECTION, 30L)),
                line("b.test", 100, Map.of()));
        assertThat(j.verdict()).isEqualTo(Verdict.SENDER_SIDE);
        assertThat(j.reasons().get(0)).isEqualTo("1 of 2 domains have 30 % or more connection or internal failures: a.test");
    }

    @Test
    void shouldLeaveASingleDomainThatFailsToConnectToThatDomain() {
        assertThat(judge(line("a.test", 70, Map.of(ErrorClass.CONNECTION, 30L))).verdict())
                .isEqualTo(Verdict.DOMAIN_SPECIFIC);
    }

    @Test
    void shouldBlameTheSenderFromThreeTenthsOfTheAttemptsFailingInsideSluice() {
        VerdictRules.Judgement j = judge(line("a.test", 70, Map.of(ErrorClass.INTERNAL, 30L)));
        assertThat(j.verdict()).isEqualTo(Verdict.SENDER_SIDE);
        assertThat(j.reasons().get(0)).isEqualTo("30 of 100 attempts (30%) failed inside Sluice (internal errors:"
                + " database, broker, template, relay)");
        // internal failures are never held against a domain
        assertThat(judge(line("a.test", 71, Map.of(ErrorClass.INTERNAL, 29L))).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void shouldNameADomainHeldBackWithoutAttempts() {
        Event suspended = new Event(Instant.EPOCH, "z.test", "STATE", "NORMAL", "SUSPENDED", 1.0, 0.0, "by operator",
                null);
        DomainLine held = new DomainLine("z.test", 0, 0, 5, 5, 0, Map.of(), List.of(), Map.of(), List.of(suspended),
                Map.of());
        VerdictRules.Judgement j = judge(line("a.test", 100, Map.of()), held);
        assertThat(j.verdict()).isEqualTo(Verdict.DOMAIN_SPECIFIC);
        assertThat(j.reasons()).first().asString().isEqualTo("z.test: 0 of 0 attempts deferred/refused; by operator");
    }

    private static DomainLine line(String domain, long sent, Map<ErrorClass, Long> errors) {
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        return new DomainLine(domain, sent, failed, 0, 0, 0, errors, List.of(), Map.of(), List.of(), Map.of());
    }

    private static VerdictRules.Judgement judge(DomainLine... lines) {
        return VerdictRules.judge(List.of(lines), List.of(), Duration.ZERO);
    }
}
