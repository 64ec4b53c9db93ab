package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.Event;
import io.sluice.diagnosis.DiagnosisReport.Verdict;
import io.sluice.flowcontrol.ReplyRule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AUTHENTICATION verdict from the flow history alone, on events built in memory. */
class AuthenticationVerdictTest {

    static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void shouldNameEachHeldSiteWithItsReplyAndTheFixes() {
        List<Event> events = List.of(
                held("google", "550 5.7.26 This mail has been blocked because the sender is unauthenticated."),
                held("microsoft", "550 5.7.515 Access denied, sending domain [s.example] does not meet the required"
                        + " authentication level."));

        VerdictRules.Judgement j = AuthenticationVerdict.judge(events).orElseThrow();

        assertThat(j.verdict()).isEqualTo(Verdict.AUTHENTICATION);
        assertThat(AuthenticationVerdict.label(events)).isEqualTo("AUTHENTICATION problem at google, microsoft");
        assertThat(j.reasons().get(0)).startsWith("google refused the sender's authentication and was held (SUSPENDED")
                .endsWith(": \"550 5.7.26 This mail has been blocked because the sender is unauthenticated.\"");
        assertThat(j.reasons().get(1)).startsWith("microsoft").contains("5.7.515");
        assertThat(j.reasons()).containsAll(AuthenticationVerdict.FIXES);
    }

    @Test
    void shouldGiveNoVerdictWithoutAnAuthenticationHold() {
        Event rate = new Event(T, "yahoo.com", "STATE", "NORMAL", "SUSPENDED", 10.0, 0.0,
                "after rule yahoo-tss04 matched \"421 4.7.0 [TSS04] deferred\"", T.plusSeconds(7200));

        assertThat(AuthenticationVerdict.judge(List.of(rate))).isEmpty();
    }

    private static Event held(String site, String reply) {
        return new Event(T, site, "STATE", "NORMAL", "SUSPENDED", 10.0, 0.0, "after " + ReplyRule.AUTHENTICATION_FAILURE
                + ": rule x matched \"" + reply + "\", suspended for 1h", T.plusSeconds(3600));
    }
}
