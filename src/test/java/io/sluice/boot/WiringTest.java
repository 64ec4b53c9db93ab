package io.sluice.boot;

import io.sluice.testsupport.TestClock;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings reader every configuration class uses: no default in Java, and a failure names the property. */
class WiringTest {

    private static Wiring wiring(Map<String, String> settings) {
        return Wiring.of(context(settings), new Object());
    }

    private static DefaultCamelContext context(Map<String, String> settings) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties props = new Properties();
        props.put("sluice.config-dir", "config");
        props.put("sluice.data-dir", "data");
        props.putAll(settings);
        context.getPropertiesComponent().setInitialProperties(props);
        return context;
    }

    @Test
    void shouldNameAMissingSettingAndWhereItsDefaultIs() {
        Wiring w = wiring(Map.of());
        assertThatThrownBy(() -> w.integer("sluice.claim.batch-size"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sluice.claim.batch-size is not set")
                .hasMessageContaining("application.properties");
    }

    @Test
    void shouldReadAnEmptyOptionalSettingAsEmpty() {
        assertThat(wiring(Map.of("sluice.window.days", " ")).text("sluice.window.days")).isEmpty();
    }

    @Test
    void shouldRefuseMalformedValuesNamingTheSetting() {
        Wiring w = wiring(Map.of("sluice.claim.spread", "two", "sluice.dns.cache-enabled", "yes",
                "sluice.claim.lease", "5 minutes", "sluice.db.pool-size", ""));
        assertThatThrownBy(() -> w.integer("sluice.claim.spread"))
                .hasMessage("sluice.claim.spread must be an integer, was 'two'");
        assertThatThrownBy(() -> w.integer("sluice.db.pool-size"))
                .hasMessage("sluice.db.pool-size must be an integer, was ''");
        assertThatThrownBy(() -> w.flag("sluice.dns.cache-enabled"))
                .hasMessage("sluice.dns.cache-enabled must be true or false, was 'yes'");
        assertThatThrownBy(() -> w.duration("sluice.claim.lease"))
                .hasMessage("sluice.claim.lease must be a duration like 30s, 5m, 2h or PT5M, was '5 minutes'");
    }

    @Test
    void shouldReadDurationsAsDomainsYamlDoes() {
        Wiring w = wiring(Map.of("a", "500ms", "b", "PT5M", "c", "1h30m", "d", "pt2s"));
        assertThat(w.duration("a")).isEqualTo(Duration.ofMillis(500));
        assertThat(w.duration("b")).isEqualTo(Duration.ofMinutes(5));
        assertThat(w.duration("c")).isEqualTo(Duration.ofMinutes(90));
        assertThat(w.duration("d")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldKeepAClockBoundBeforeStart() {
        DefaultCamelContext context = context(Map.of());
        TestClock clock = TestClock.at();
        context.getRegistry().bind(Wiring.CLOCK, Clock.class, clock);
        assertThat(Wiring.of(context, new Object()).clock).isSameAs(clock);
        assertThat(wiring(Map.of()).clock).isNotNull();
    }
}
