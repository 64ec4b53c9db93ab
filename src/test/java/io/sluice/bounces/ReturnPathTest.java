package io.sluice.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReturnPathTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-verp";
    private final ReturnPath path = ReturnPath.of("Bounce.Example.com", SECRET).orElseThrow();

    @Test
    void shouldRoundTripAndRejectForgedAddresses() {
        String address = path.addressFor(12345);
        assertThat(address).matches("b-12345-[0-9a-f]{20}@bounce\\.example\\.com");
        assertThat(path.verify(address)).contains(12345L);
        assertThat(path.verify("<" + address.toUpperCase() + ">")).contains(12345L);
        assertThat(path.verify(address.replace("b-12345-", "b-12346-"))).isEmpty();
        String mac = address.substring(8, 28);
        String flipped = (mac.charAt(0) == '0' ? "1" : "0") + mac.substring(1);
        assertThat(path.verify(address.replace(mac, flipped))).isEmpty();
        assertThat(path.verify(address.replace("b-12345-", "b-012345-"))).isEmpty();
        assertThat(path.verify(address.replace("bounce.example.com", "evil.example.com"))).isEmpty();
        assertThat(path.verify("x".repeat(10_000))).isEmpty();
    }

    @Test
    void shouldBeOffWithoutADomainAndRefuseBadSettings() {
        assertThat(ReturnPath.of("", "")).isEmpty();
        assertThatThrownBy(() -> ReturnPath.of("bounce.example.com", "")).hasMessageContaining("return-path-secret");
        assertThatThrownBy(() -> ReturnPath.of("bounce.example.com\r\nX: y", SECRET))
                .hasMessageContaining("return-path-domain");
    }
}
