package io.sluice.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The durations and rates domains.yaml accepts, and the near misses it refuses. */
class DurationsAndRatesTest {

    @ParameterizedTest
    @CsvSource({"10s,PT10S", "30m,PT30M", "2h,PT2H", "1d,PT24H", "PT10S,PT10S", "1h30m,PT1H30M", "500ms,PT0.5S",
            "pt2h,PT2H", "2h1d,PT26H", "1s1s,PT2S"})
    void shouldParseDurations(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10 s", "10sec", "1.5h", "-5s", "PT", "10 parsecs"})
    void shouldRefuseWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"10,10", "0.5,0.5", "10/s,10", "60/min,1", "3600/h,1", "86400/d,1", "1/m,0.016666666666666666",
            "' 6 / minute ',0.1"})
    void shouldParseRates(String text, double perSecond) {
        assertThat(Rates.parse(text)).isCloseTo(perSecond, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fast", "-1", "10/week", "1e3"})
    void shouldRefuseWhatIsNotARate(String text) {
        assertThatThrownBy(() -> Rates.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
