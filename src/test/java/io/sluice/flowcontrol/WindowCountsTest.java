package io.sluice.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowCountsTest {

    @Test
    void shouldCountDeferralsConnectionAndPolicyFailuresAsBadButNotHardOrInternal() {
        WindowCounts w = WindowCounts.of(50, 10, 5, 20, 5, 10);
        assertThat(w.attempts()).isEqualTo(100);
        assertThat(w.domainAttempts()).isEqualTo(90);
        assertThat(w.badCount()).isEqualTo(20);
        assertThat(w.errorRatio()).isEqualTo(20.0 / 90);
        assertThat(w.internalFailureRatio()).isEqualTo(0.1);
    }

    @Test
    void shouldAddWindowsAndOutcomes() {
        WindowCounts w = WindowCounts.EMPTY.plus(Outcome.ACCEPTED, 3).plus(Outcome.DEFERRAL)
                .plus(WindowCounts.of(1, 0, 0, 0, 0, 2));
        assertThat(w).isEqualTo(new WindowCounts(7, 4, 1, 0, 0, 0, 2));
        assertThat(WindowCounts.EMPTY.isEmpty()).isTrue();
        assertThat(w.isEmpty()).isFalse();
        assertThat(WindowCounts.EMPTY.errorRatio()).isZero();
    }

    @Test
    void shouldRejectInconsistentCounts() {
        assertThatThrownBy(() -> new WindowCounts(1, 2, 0, 0, 0, 0, 0))
                .hasMessage("window outcomes (2) must be <= attempts, was 1");
        assertThatThrownBy(() -> new WindowCounts(5, -1, 0, 0, 0, 0, 0))
                .hasMessage("window accepted must be >= 0, was -1");
    }

    @Test
    void shouldClassifyReplies() {
        assertThat(Outcome.ofReply("250 2.0.0 OK queued")).isEqualTo(Outcome.ACCEPTED);
        assertThat(Outcome.ofReply("421-4.7.28 unusual rate of unsolicited mail")).isEqualTo(Outcome.DEFERRAL);
        assertThat(Outcome.ofReply("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown"))
                .isEqualTo(Outcome.HARD_FAILURE);
        assertThat(Outcome.ofReply("552 5.2.2 Mailbox full")).isEqualTo(Outcome.HARD_FAILURE);
        assertThat(Outcome.ofReply("550 5.7.1 Message rejected as spam by Content Filtering"))
                .isEqualTo(Outcome.POLICY_FAILURE);
        assertThat(Outcome.ofReply("554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using Spamhaus"))
                .isEqualTo(Outcome.POLICY_FAILURE);
        assertThat(Outcome.ofReply("550 5.7.1 Recipient not authorized")).isEqualTo(Outcome.HARD_FAILURE);
        assertThatThrownBy(() -> Outcome.ofReply("hello")).isInstanceOf(IllegalArgumentException.class);
    }
}
