package io.sluice.domains;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transports, requireTls and MX rollup rules of domains.yaml: parsing and one invalid-config case per test. */
class DomainPoliciesTest {

    @SuppressWarnings("unchecked")
    private static DomainPolicies policies(String yaml) {
        return DomainPolicies.of((Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml));
    }

    @Test
    void shouldRouteByMxWhenTheTransportIsMx() {
        DomainPolicies p = policies("defaults: {transport: mx}\ndomains: {relay.test: {transport: \"smtp://10.0.0.1:587\"}}\n");

        assertThat(p.transportFor("any.test")).isEmpty();
        assertThat(p.transportFor("relay.test")).contains(new SmtpTransport("smtp", "10.0.0.1", 587));
    }

    @Test
    void shouldLetOneDomainGoByMxWhileTheRestUseTheRelay() {
        DomainPolicies p = policies("defaults: {transport: \"smtp://10.0.0.1:25\"}\ndomains: {own.test: {transport: MX}}\n");

        assertThat(p.transportFor("own.test")).isEmpty();
        assertThat(p.transportFor("other.test")).isPresent();
    }

    @Test
    void shouldReadRequireTlsPerDomainWithADefault() {
        DomainPolicies p = policies("defaults: {requireTls: false}\ndomains: {bank.test: {requireTls: true}}\n");

        assertThat(p.requireTls("bank.test")).isTrue();
        assertThat(p.requireTls("shop.test")).isFalse();
    }

    @Test
    void shouldMatchRollupRulesInFileOrderByMxHostPattern() {
        DomainPolicies p = policies("sites:\n  google: {mx: [\"*.google.com\"]}\n  any-l: {mx: [\"*.l.*\"]}\n");

        assertThat(p.siteFor(List.of("alt1.aspmx.l.google.com"))).contains("google");
        assertThat(p.siteFor(List.of("mx.example.net", "mx.l.example.net"))).contains("any-l");
        assertThat(p.siteFor(List.of("mx.example.net"))).isEmpty();
        assertThat(p.siteFor(List.of("google.com.evil.test"))).as("the pattern is anchored").isEmpty();
    }

    @Test
    void shouldKeepTheRelayPasswordAPlaceholder() {
        DomainPolicies p = policies("defaults: {auth: {user: apikey, password: \"{{sluice.relay.password}}\"}}\n"
                + "domains: {other.test: {auth: {user: bob, password: \"{{sluice.other.password}}\"}}}\n");

        assertThat(p.authFor("any.test")).contains(new SmtpAuth("apikey", "{{sluice.relay.password}}"));
        assertThat(p.authFor("other.test").orElseThrow().user()).isEqualTo("bob");
        assertThat(p.authFor("any.test").orElseThrow().endpointOptions())
                .isEqualTo("username=RAW(apikey)&password=RAW({{sluice.relay.password}})");
    }

    @Test
    void shouldResolveSiteLimitsFromSiteThenDomainThenDefaults() {
        DomainPolicies p = policies("defaults: {maxConnections: 5, messagesPerHour: 1000}\n"
                + "domains: {small.test: {messagesPerHour: 12}}\n"
                + "sites: {google: {mx: ['*.google.com'], maxConnections: 20}}\n");

        assertThat(p.limitsFor("google")).isEqualTo(new SiteLimits(20, null, 1000, null));
        assertThat(p.limitsFor("small.test")).isEqualTo(new SiteLimits(5, null, 12, null));
        assertThat(p.limitsFor("mx1.x.net,mx2.x.net")).isEqualTo(new SiteLimits(5, null, 1000, null));
    }

    @Test
    void shouldReadTheHeldBackConnectionLimitPerSiteWithDefaults() {
        DomainPolicies p = policies("defaults: {maxConnections: 10, backoffMaxConnections: 4}\n"
                + "sites: {microsoft: {mx: ['*.protection.outlook.com'], backoffMaxConnections: 1}}\n");

        assertThat(p.limitsFor("microsoft").backoffMaxConnections()).isEqualTo(1);
        assertThat(p.limitsFor("other.test")).isEqualTo(new SiteLimits(10, null, null, 4));
    }

    @Test
    void shouldLoadTheShippedDomainsFile() throws Exception {
        DomainPolicies p = DomainPolicies.load(List.of(Path.of("config/domains.yaml")));

        assertThat(p.transportFor("example.com")).as("the demo relay stays the default").isPresent();
        assertThat(p.siteFor(List.of("gmail-smtp-in.l.google.com"))).contains("google");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "defaults: {requireTls: yes-please}                 | defaults.requireTls must be true or false",
            "domains: {a.test: {requireTls: 1}}                 | domains.a.test.requireTls must be true or false",
            "defaults: {transport: \"mxx\"}                     | defaults.transport",
            "sites: {google: {mx: []}}                          | sites.google.mx must be a non-empty list",
            "domains: {a.test: {backoffMaxConnections: 0}}      | domains.a.test.backoffMaxConnections must be >= 1, was 0",
            "sites: {google: {}}                                | sites.google.mx must be a non-empty list",
            "sites: {google: {mx: [\"*.google.com/x\"]}}        | sites.google.mx: not an MX host pattern",
            "sites: {\"Bad Name\": {mx: [\"*.x.com\"]}}          | a site name must be",
            "sites: {google: {mx: [\"*.x.com\"], tls: true}}    | sites.google.tls is not a known key; known: mx, maxConnections",
            "sites: [google]                                    | sites must be a map, was a list",
            "defaults: {auth: {user: apikey, password: hunter2}} | defaults.auth.password must be a property placeholder",
            "domains: {a.test: {auth: {user: '', password: '{{p}}'}}} | domains.a.test.auth.user must not be blank",
            "defaults: {auth: {user: u, password: '{{p}}', x: 1}} | defaults.auth.x is not a known key; known: user, password",
            "defaults: {messagesPerHour: 0}                     | defaults.messagesPerHour must be >= 1",
            "sites: {g: {mx: ['*.g.com'], maxConnections: two}} | sites.g.maxConnections must be a whole number",
    })
    void shouldRefuseAnInvalidPolicyNamingTheKey(String yaml, String message) {
        assertThatThrownBy(() -> policies(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
