package io.sluice.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendingWindowTest {

    // 2026-11-27 is a Friday
    static final Instant FRIDAY_0930_PARIS = Instant.parse("2026-11-27T08:30:00Z");

    @Test
    void shouldBeOpenOnWorkingDaysBetweenItsTimesInItsZone() {
        SendingWindow w = SendingWindow.parse("MON-FRI 08:00-21:00 Europe/Paris");
        assertThat(w.isOpen(FRIDAY_0930_PARIS)).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-11-27T20:00:00Z"))).as("21:00 Paris: closed").isFalse();
        assertThat(w.isOpen(Instant.parse("2026-11-28T10:00:00Z"))).as("Saturday").isFalse();
        assertThat(w.nextOpening(Instant.parse("2026-11-27T20:00:00Z")))
                .as("next Monday 08:00 Paris").isEqualTo(Instant.parse("2026-11-30T07:00:00Z"));
    }

    @Test
    void shouldRunOverMidnightWhenItClosesBeforeItOpens() {
        SendingWindow w = SendingWindow.parse("FRI 22:00-06:00 UTC");
        assertThat(w.isOpen(Instant.parse("2026-11-27T23:00:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-11-28T05:59:00Z"))).as("Saturday morning, opened Friday").isTrue();
        assertThat(w.isOpen(Instant.parse("2026-11-28T23:00:00Z"))).as("Saturday night").isFalse();
    }

    @Test
    void shouldRejectABadWindowNamingThePart() {
        assertThatThrownBy(() -> SendingWindow.parse("MON-FRY 08:00-21:00")).hasMessageContaining("FRY");
        assertThatThrownBy(() -> SendingWindow.parse("MON-FRI 8h-21h")).hasMessageContaining("8h");
        assertThatThrownBy(() -> SendingWindow.parse("* 08:00-21:00 Mars/Olympus")).hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> SendingWindow.parse("* 08:00-08:00")).hasMessageContaining("same time");
    }
}
