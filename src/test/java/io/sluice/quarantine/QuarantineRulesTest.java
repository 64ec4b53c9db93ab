package io.sluice.quarantine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings' validation: each bad value stops the start with the setting's name and the value. */
class QuarantineRulesTest {

    @Test
    void shouldDefaultToCampaignsRules() {
        QuarantineRules rules = QuarantineRules.ofDefaults();
        assertThat(rules.softErrors()).isEqualTo(5);
        assertThat(rules.softErrorInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(rules.resetAfter()).isEqualTo(Duration.ofDays(10));
    }

    @Test
    void shouldParseDurationsAsTheRestOfSluice() {
        QuarantineRules rules = QuarantineRules.custom().softErrorInterval("12h").resetAfter("P7D").build();
        assertThat(rules.softErrorInterval()).isEqualTo(Duration.ofHours(12));
        assertThat(rules.resetAfter()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldRefuseNoSoftErrors() {
        assertThatThrownBy(() -> QuarantineRules.custom().softErrors(0))
                .hasMessage("sluice.quarantine.soft-errors must be at least 1, was 0");
    }

    @Test
    void shouldRefuseAnIntervalThatIsNotADuration() {
        assertThatThrownBy(() -> QuarantineRules.custom().softErrorInterval("daily"))
                .hasMessageContaining("sluice.quarantine.soft-error-interval").hasMessageContaining("'daily'");
    }

    @Test
    void shouldRefuseAZeroResetAfter() {
        assertThatThrownBy(() -> QuarantineRules.custom().resetAfter(Duration.ZERO))
                .hasMessageContaining("sluice.quarantine.reset-after must be a positive duration");
    }

    @Test
    void shouldRefuseAResetShorterThanTheInterval() {
        assertThatThrownBy(() -> QuarantineRules.custom().softErrorInterval("2d").resetAfter("1d").build())
                .hasMessageContaining("sluice.quarantine.reset-after (PT24H) must be longer than"
                        + " sluice.quarantine.soft-error-interval (PT48H)");
    }

    @Test
    void shouldQuarantineAfterOneSoftErrorMoreThanConfigured() {
        QuarantineRules one = QuarantineRules.custom().softErrors(1).build();
        AddressRecord first = one.next(null, QuarantineCountingTest.soft("a@b.test", QuarantineCountingTest.day(0)));
        assertThat(first.status()).isEqualTo(AddressStatus.WITH_ERRORS);
        assertThat(one.next(first, QuarantineCountingTest.soft("a@b.test", QuarantineCountingTest.day(1))).status())
                .isEqualTo(AddressStatus.QUARANTINE);
    }
}
