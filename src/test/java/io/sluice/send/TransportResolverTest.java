package io.sluice.send;

import io.sluice.testsupport.TestClock;
import io.sluice.dns.DnsLookupException;
import io.sluice.dns.DnsSettings;
import io.sluice.dns.LoopbackDnsServer;
import io.sluice.dns.MxResolver;
import io.sluice.domains.DomainPolicies;
import io.sluice.send.pool.Destination;
import io.sluice.send.pool.DestinationLimits;
import io.sluice.send.pool.SmtpPoolSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing and site keys: transport overrides, MX routing against a real DNS server on loopback, rollup rules. */
class TransportResolverTest {

    static final String ZONE = String.join("\n",
            "$TTL 300",
            "@            IN SOA ns.test. hostmaster.test. 1 3600 600 86400 30",
            "@            IN NS  ns.test.",
            "ns           IN A   127.0.0.1",
            "shop-a       IN MX  10 mx1.hoster.test.",
            "shop-a       IN MX  20 mx2.hoster.test.",
            "shop-b       IN MX  20 mx1.hoster.test.",
            "shop-b       IN MX  10 mx2.hoster.test.",
            "mx1.hoster   IN A   127.0.0.31",
            "mx2.hoster   IN A   127.0.0.32",
            "gmail-like   IN MX  5 alt1.aspmx.l.google.test.",
            "workspace    IN MX  1 aspmx.l.google.test.",
            "aspmx.l.google      IN A 127.0.0.41",
            "alt1.aspmx.l.google IN A 127.0.0.42",
            "dangling     IN MX  10 nowhere.test.",
            "halfdangling IN MX  10 nowhere.test.",
            "halfdangling IN MX  20 mx1.hoster.test.",
            "");

    static LoopbackDnsServer dns;

    @BeforeAll
    static void startDns() throws Exception {
        dns = new LoopbackDnsServer("test.", ZONE);
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    private static TransportResolver resolver(String yaml) {
        return resolver(yaml, new DestinationLimits());
    }

    private static TransportResolver resolver(String yaml, DestinationLimits limits) {
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        MxResolver mx = new MxResolver(new DnsSettings(DnsSettings.parseServers(dns.hostPort()), Duration.ofSeconds(2),
                true, Duration.ofSeconds(1), Duration.ofHours(1)), Clock.systemUTC());
        return new TransportResolver(DomainPolicies.of(root), mx, 2525, limits);
    }

    static final String MX_ROUTING = String.join("\n",
            "defaults:",
            "  transport: mx",
            "domains:",
            "  relayed.test:",
            "    transport: \"smtp://127.0.0.1:2526\"",
            "  secure.test:",
            "    transport: \"smtp://127.0.0.1:2527\"",
            "    requireTls: true",
            "  shop-b.test:",
            "    requireTls: true",
            "sites:",
            "  google:",
            "    mx: [\"*.google.test\"]",
            "");

    @Test
    void shouldKeyATransportOverrideByItsDomain() throws Exception {
        SendTarget route = resolver(MX_ROUTING).route("relayed.test", 0);

        assertThat(route.endpointUri()).isEqualTo("smtp://127.0.0.1:2526");
        assertThat(route.site()).isEqualTo("relayed.test");
    }

    @Test
    void shouldSendToTheLowestPreferenceMxAndToTheNextOneOnARetry() throws Exception {
        TransportResolver resolver = resolver(MX_ROUTING);

        assertThat(resolver.route("shop-a.test", 0).endpointUri()).isEqualTo("smtp://127.0.0.31:2525");
        assertThat(resolver.route("shop-a.test", 1).endpointUri()).isEqualTo("smtp://127.0.0.32:2525");
        assertThat(resolver.route("shop-a.test", 2).endpointUri()).isEqualTo("smtp://127.0.0.31:2525");
    }

    @Test
    void shouldSkipAnMxHostThatCouldNotBeConnectedToUntilItsSkipPeriodEnds() throws Exception {
        TestClock clock = TestClock.at();
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(MX_ROUTING);
        MxResolver mx = new MxResolver(new DnsSettings(DnsSettings.parseServers(dns.hostPort()), Duration.ofSeconds(2),
                true, Duration.ofSeconds(1), Duration.ofHours(1)), Clock.systemUTC());
        TransportResolver resolver = new TransportResolver(DomainPolicies.of(root), mx, 2525, new DestinationLimits(),
                new SiteMembers(), new UnreachableHosts(clock, Duration.ofSeconds(60)));

        resolver.markUnreachable("smtp://127.0.0.31:2525");
        assertThat(resolver.route("shop-a.test", 0).endpointUri()).as("the preferred host is skipped")
                .isEqualTo("smtp://127.0.0.32:2525");
        assertThat(resolver.route("shop-a.test", 1).endpointUri()).isEqualTo("smtp://127.0.0.32:2525");
        assertThat(resolver.route("relayed.test", 0).endpointUri()).as("a relay is never skipped")
                .isEqualTo("smtp://127.0.0.1:2526");

        // shop-b.test requires TLS: its endpoint carries options, the host is still the one marked
        resolver.markUnreachable("smtp://127.0.0.32:2525?additionalJavaMailProperties=#bean:x");
        assertThat(resolver.route("shop-a.test", 1).endpointUri()).as("every host marked: the first one again")
                .isEqualTo("smtp://127.0.0.32:2525");
        assertThat(resolver.route("shop-a.test", 0).endpointUri()).isEqualTo("smtp://127.0.0.31:2525");

        clock.advanceSeconds(61);
        resolver.markUnreachable("smtp://127.0.0.32:2525");
        assertThat(resolver.route("shop-a.test", 0).endpointUri()).as("127.0.0.31's skip period is over")
                .isEqualTo("smtp://127.0.0.31:2525");
        assertThat(resolver.route("shop-a.test", 1).endpointUri()).isEqualTo("smtp://127.0.0.31:2525");
    }

    @Test
    void shouldOfferTheNextUntriedMxHostEvenWithSkippingOff() throws Exception {
        TransportResolver resolver = resolver(MX_ROUTING); // no UnreachableHosts: sluice.smtp.mx-unreachable-for-seconds=0

        assertThat(resolver.nextRoute("shop-a.test", 0, Set.of("smtp://127.0.0.31:2525")))
                .map(SendTarget::endpointUri).contains("smtp://127.0.0.32:2525");
        assertThat(resolver.nextRoute("shop-a.test", 1, Set.of("smtp://127.0.0.32:2525")))
                .map(SendTarget::endpointUri).contains("smtp://127.0.0.31:2525");
        assertThat(resolver.nextRoute("shop-a.test", 0, Set.of("smtp://127.0.0.31:2525", "smtp://127.0.0.32:2525")))
                .as("every host tried").isEmpty();
        assertThat(resolver.nextRoute("halfdangling.test", 0, Set.of("smtp://127.0.0.31:2525")))
                .as("the other host has no address").isEmpty();
        assertThat(resolver.nextRoute("relayed.test", 0, Set.of("smtp://127.0.0.1:2526")))
                .as("a relay has no other host").isEmpty();
        assertThat(resolver.route("shop-a.test", 0).endpointUri()).as("nothing marked: the preferred host")
                .isEqualTo("smtp://127.0.0.31:2525");
    }

    @Test
    void shouldRollTwoDomainsWithTheSameMxSetIntoOneSite() throws Exception {
        TransportResolver resolver = resolver(MX_ROUTING);

        SendTarget a = resolver.route("shop-a.test", 0);
        SendTarget b = resolver.route("shop-b.test", 0);

        assertThat(a.site()).isEqualTo(b.site()).isEqualTo("mx1.hoster.test,mx2.hoster.test");
    }

    @Test
    void shouldNameTheSiteAfterTheRollupRuleMatchingAnMxHost() throws Exception {
        TransportResolver resolver = resolver(MX_ROUTING);

        assertThat(resolver.route("gmail-like.test", 0).site()).isEqualTo("google");
        assertThat(resolver.route("workspace.test", 0).site()).isEqualTo("google");
        assertThat(resolver.route("workspace.test", 0).endpointUri()).isEqualTo("smtp://127.0.0.41:2525");
    }

    @Test
    void shouldMakeStartTlsMandatoryForADomainRequiringTls() throws Exception {
        TransportResolver resolver = resolver(MX_ROUTING);

        assertThat(resolver.route("secure.test", 0).endpointUri())
                .isEqualTo("smtp://127.0.0.1:2527?additionalJavaMailProperties=#bean:smtpClientPropertiesTlsRequired");
        assertThat(resolver.route("shop-b.test", 0).endpointUri()).endsWith("#bean:smtpClientPropertiesTlsRequired");
        assertThat(resolver.route("shop-a.test", 0).endpointUri()).doesNotContain("?");
    }

    @Test
    void shouldSkipAnMxHostWithoutAddress() throws Exception {
        assertThat(resolver(MX_ROUTING).route("halfdangling.test", 0).endpointUri()).isEqualTo("smtp://127.0.0.31:2525");
    }

    @Test
    void shouldFailTemporarilyWhenNoMxHostHasAnAddress() {
        assertThatThrownBy(() -> resolver(MX_ROUTING).route("dangling.test", 0))
                .isInstanceOfSatisfying(DnsLookupException.class, e -> assertThat(e.permanent()).isFalse())
                .hasMessageContaining("has an address");
    }

    @Test
    void shouldFailPermanentlyForADomainThatDoesNotExist() {
        assertThatThrownBy(() -> resolver(MX_ROUTING).route("missing.test", 0))
                .isInstanceOfSatisfying(DnsLookupException.class, e -> assertThat(e.permanent()).isTrue());
    }

    @Test
    void shouldKeepTheDefaultRelayWhenTheDefaultIsNotMx() throws Exception {
        SendTarget route = resolver("defaults:\n  transport: \"smtp://127.0.0.1:2525\"\n").route("relayed-only.test", 0);

        assertThat(route.endpointUri()).isEqualTo("smtp://127.0.0.1:2525");
        assertThat(route.site()).isEqualTo("relayed-only.test");
        assertThat(dns.queries("MX", "relayed-only.test")).as("no DNS for relayed mail").isZero();
    }

    @Test
    void shouldHandTheSitesConnectionKnobsToThePoolForTheHostItChose() throws Exception {
        DestinationLimits limits = new DestinationLimits();
        TransportResolver resolver = resolver(MX_ROUTING.replace("    mx: [\"*.google.test\"]",
                "    mx: [\"*.google.test\"]\n    maxConnections: 2\n    messagesPerConnection: 7"), limits);

        resolver.route("workspace.test", 0);
        resolver.route("shop-a.test", 0);

        SmtpPoolSettings google = limits.apply(new Destination("smtp", "127.0.0.41", 2525, null), SmtpPoolSettings.DEFAULTS);
        assertThat(google.maxConnections()).isEqualTo(2);
        assertThat(google.messagesPerConnection()).isEqualTo(7);
        assertThat(limits.apply(new Destination("smtp", "127.0.0.31", 2525, null), SmtpPoolSettings.DEFAULTS))
                .as("a site without knobs keeps sluice.smtp.pool.*").isEqualTo(SmtpPoolSettings.DEFAULTS);
        assertThat(limits.siteOf(new Destination("smtp", "127.0.0.41", 2525, null)))
                .as("the MX host's connections follow its site's flow state").isEqualTo("google");
        assertThat(limits.heldBackConnections(new Destination("smtp", "127.0.0.41", 2525, null), 2)).isEqualTo(1);
    }

    @Test
    void shouldApplyARelayedDomainsConnectionKnobsToItsRelay() throws Exception {
        DestinationLimits limits = new DestinationLimits();
        TransportResolver resolver = resolver(
                "domains:\n  slow.test:\n    transport: \"smtp://127.0.0.1:2600\"\n    maxConnections: 1\n", limits);

        resolver.route("slow.test", 0);

        assertThat(limits.apply(new Destination("smtp", "127.0.0.1", 2600, null), SmtpPoolSettings.DEFAULTS).maxConnections())
                .isEqualTo(1);
        assertThat(limits.siteOf(new Destination("smtp", "127.0.0.1", 2600, null)))
                .as("a relay serves many domains: no one domain's backoff thins its connections").isNull();
    }
}
