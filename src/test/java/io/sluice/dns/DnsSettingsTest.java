package io.sluice.dns;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** sluice.dns.* parsing and validation: one invalid value per test, the key named in the message. */
class DnsSettingsTest {

    @Test
    void shouldParseResolversWithAndWithoutPort() {
        assertThat(DnsSettings.parseServers(" 127.0.0.1:5353, 10.0.0.2 ,[::1]:53"))
                .containsExactly(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("10.0.0.2", 53),
                        new InetSocketAddress("::1", 53));
    }

    @Test
    void shouldUseTheSystemResolverWhenNoneIsGiven() {
        assertThat(DnsSettings.parseServers("")).isEmpty();
        assertThat(DnsSettings.DEFAULTS.servers()).isEmpty();
    }

    @Test
    void shouldRefuseAResolverWithABadPort() {
        assertThatThrownBy(() -> DnsSettings.parseServers("127.0.0.1:99999"))
                .hasMessageContaining("sluice.dns.servers");
    }

    @Test
    void shouldRefuseAZeroTimeout() {
        assertThatThrownBy(() -> new DnsSettings(List.of(), Duration.ZERO, true, Duration.ZERO, Duration.ofHours(1)))
                .hasMessageContaining("sluice.dns.timeout");
    }

    @Test
    void shouldRefuseAMaxTtlBelowTheMinTtl() {
        assertThatThrownBy(() -> new DnsSettings(List.of(), Duration.ofSeconds(1), true, Duration.ofMinutes(5),
                Duration.ofMinutes(1))).hasMessageContaining("sluice.dns.max-ttl");
    }
}
