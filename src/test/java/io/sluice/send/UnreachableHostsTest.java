package io.sluice.send;

import io.sluice.testsupport.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The skip period of MX hosts that could not be connected to (the routing side is in TransportResolverTest). */
class UnreachableHostsTest {

    private final TestClock clock = TestClock.at();

    @Test
    void shouldSkipAHostForItsPeriodAndForgetItThen() {
        UnreachableHosts hosts = new UnreachableHosts(clock, Duration.ofSeconds(60));
        hosts.markUnreachable("192.0.2.1:25");

        clock.advanceSeconds(59);
        assertThat(hosts.skipped("192.0.2.1:25")).isTrue();
        assertThat(hosts.skipped("192.0.2.2:25")).isFalse();
        hosts.markUnreachable("192.0.2.1:25"); // failed again: a new period from now
        clock.advanceSeconds(59);
        assertThat(hosts.skipped("192.0.2.1:25")).isTrue();
        clock.advanceSeconds(1);
        assertThat(hosts.skipped("192.0.2.1:25")).isFalse();
    }

    @Test
    void shouldNeverSkipWhenThePeriodIsZero() {
        UnreachableHosts hosts = new UnreachableHosts(clock, Duration.ZERO);
        hosts.markUnreachable("192.0.2.1:25");
        assertThat(hosts.skipped("192.0.2.1:25")).isFalse();
    }

    @Test
    void shouldRejectANegativePeriodNamingItsSetting() {
        assertThatThrownBy(() -> new UnreachableHosts(clock, Duration.ofSeconds(-1)))
                .hasMessageContaining("sluice.smtp.mx-unreachable-for-seconds");
    }
}
