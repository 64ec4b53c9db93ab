package io.sluice.smtpsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainBehaviourTest {

    @Test
    void repliesAreKeptExactly() {
        assertThat(DomainBehaviour.defer("452 4.2.2 Mailbox full").reply()).contains("452 4.2.2 Mailbox full");
        assertThat(DomainBehaviour.reject("550 5.1.1 User unknown").reply()).contains("550 5.1.1 User unknown");
        assertThat(DomainBehaviour.accept().reply()).isEmpty();
    }

    @Test
    void replyClassMustMatchTheKind() {
        assertThatIllegalArgumentException().isThrownBy(() -> DomainBehaviour.defer("550 5.1.1 User unknown"));
        assertThatIllegalArgumentException().isThrownBy(() -> DomainBehaviour.reject("421 4.7.0 Later"));
        assertThatIllegalArgumentException().isThrownBy(() -> DomainBehaviour.rateLimit(1, Duration.ofSeconds(1), "550 5.0.0 No"));
        assertThatIllegalArgumentException().isThrownBy(() -> DomainBehaviour.rejectAddresses(Set.of("a"), "250 ok"));
    }

    @Test
    void malformedRepliesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> DomainBehaviour.defer("Try again later"));
        assertThatIllegalArgumentException().isThrownBy(() -> DomainBehaviour.defer("421"));
        assertThatIllegalArgumentException().isThrownBy(() -> DomainBehaviour.rateLimit(1, Duration.ZERO, "421 4.7.0 Later"));
    }

    @Test
    void delayIsAddedWithoutChangingTheAnswer() {
        DomainBehaviour b = DomainBehaviour.defer("421 4.7.0 Later").delayedBy(Duration.ofSeconds(2));

        assertThat(b.kind()).isEqualTo(DomainBehaviour.Kind.DEFER);
        assertThat(b.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(DomainBehaviour.slow(Duration.ofSeconds(1)).kind()).isEqualTo(DomainBehaviour.Kind.ACCEPT);
        assertThat(b.toString()).contains("DEFER", "421 4.7.0 Later", "PT2S");
    }
}
