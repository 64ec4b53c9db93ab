package io.sluice.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SendFailureTest {

    @Test
    void shouldRefuseAcceptedOutcome() {
        assertThatThrownBy(() -> new SendFailure(SendOutcome.ACCEPTED, null, "ok"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMakeDetailOneStorableLine() {
        SendFailure failure = new SendFailure(SendOutcome.INTERNAL_FAILURE, null, "a\r\nb" + "c".repeat(600));

        assertThat(failure.detail()).startsWith("a bc").hasSize(500);
    }
}
