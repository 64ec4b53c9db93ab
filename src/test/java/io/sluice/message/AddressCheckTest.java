package io.sluice.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressCheckTest {

    @Test
    void shouldRefuseValidWhoseAddressIsNotLocalPartAtDomain() {
        assertThatThrownBy(() -> new AddressCheck.Valid("a@b.com", "a", "c.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseInvalidWithReasonOtherThanSevenOrFifteen() {
        assertThatThrownBy(() -> new AddressCheck.Invalid(1, "user unknown"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseInvalidWithoutWhy() {
        assertThatThrownBy(() -> new AddressCheck.Invalid(15, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReplaceControlCharactersInWhyWithQuestionMarks() {
        assertThat(new AddressCheck.Invalid(15, "bad\r\nBcc: x").why()).isEqualTo("bad??Bcc: x");
    }
}
