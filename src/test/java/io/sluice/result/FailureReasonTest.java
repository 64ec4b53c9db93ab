package io.sluice.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.message.AddressCheck;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailureReasonTest {

    @ParameterizedTest
    @CsvSource({
            "NOT_DEFINED, 0", "USER_UNKNOWN, 1", "INVALID_DOMAIN, 2", "UNREACHABLE, 3", "ACCOUNT_DISABLED, 4",
            "MAILBOX_FULL, 5", "NOT_CONNECTED, 6", "ADDRESS_NOT_SPECIFIED, 7", "DENYLISTED, 8", "QUARANTINE, 9",
            "DOUBLE, 10", "EXCLUDED_BY_SQL_RULE, 11", "EXCLUDED_AFTER_ARBITRATION, 12", "BAD_QUALITY, 14",
            "UNQUALIFIED, 15", "NOT_ELIGIBLE, 16", "TARGET_LIMITED, 17", "REFUSED, 20", "ERROR_IGNORED, 25",
            "CONTROL_ADDRESS, 127"})
    void shouldCarryCampaignsExactCode(FailureReason reason, int code) {
        assertThat(reason.code()).isEqualTo(code);
        assertThat(FailureReason.ofCode(code)).isEqualTo(reason);
    }

    @Test
    void shouldDefineExactlyTheTwentyCampaignReasons() {
        assertThat(FailureReason.values()).hasSize(20);
        assertThat(Arrays.stream(FailureReason.values()).map(FailureReason::code)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void shouldHaveALabel(FailureReason reason) {
        assertThat(reason.label()).isNotBlank();
    }

    @Test
    void shouldUseCampaignLabels() {
        assertThat(FailureReason.USER_UNKNOWN.label()).isEqualTo("User unknown");
        assertThat(FailureReason.UNQUALIFIED.label()).isEqualTo("Unqualified address");
        assertThat(FailureReason.ADDRESS_NOT_SPECIFIED.label()).isEqualTo("Address not specified");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 13, 18, 19, 21, 26, 128})
    void shouldRejectUnknownCode(int code) {
        assertThatThrownBy(() -> FailureReason.ofCode(code)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAgreeWithTheAddressCheckCodes() {
        assertThat(FailureReason.ofCode(AddressCheck.Invalid.ADDRESS_NOT_SPECIFIED))
                .isEqualTo(FailureReason.ADDRESS_NOT_SPECIFIED);
        assertThat(FailureReason.ofCode(AddressCheck.Invalid.UNQUALIFIED)).isEqualTo(FailureReason.UNQUALIFIED);
    }

    @Test
    void shouldCarryCampaignFailureTypeCodes() {
        assertThat(FailureType.IGNORED.code()).isZero();
        assertThat(FailureType.SOFT.code()).isEqualTo(1);
        assertThat(FailureType.HARD.code()).isEqualTo(2);
    }
}
