package io.sluice.dns;

import io.sluice.testsupport.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MX resolution against a real DNS server on loopback (UDP, wire protocol), not a mock. */
class MxResolverTest {

    /** Zone "test.": every case of issue #4 has its own name. */
    static final String ZONE = String.join("\n",
            "$TTL 300",
            "@          IN SOA ns.test. hostmaster.test. 1 3600 600 86400 30",
            "@          IN NS  ns.test.",
            "ns         IN A   127.0.0.1",
            "; MX preference order: listed out of order on purpose",
            "pref       IN MX  30 mx-c.test.",
            "pref       IN MX  10 mx-a.test.",
            "pref       IN MX  20 mx-b.test.",
            "mx-a       IN A   127.0.0.11",
            "mx-b       IN A   127.0.0.12",
            "mx-c       IN A   127.0.0.13",
            "; no MX: the A record is the mail host",
            "plain      IN A   127.0.0.20",
            "; RFC 7505 null MX",
            "nomail     IN MX  0 .",
            "nomail     IN A   127.0.0.21",
            "; neither MX nor address",
            "textonly   IN TXT \"v=spf1 -all\"",
            "; short TTL, for caching",
            "short   5  IN MX  10 mx-a.test.",
            "; two domains on one hoster: same MX set, different preferences",
            "shop-a     IN MX  10 mx1.hoster.test.",
            "shop-a     IN MX  20 mx2.hoster.test.",
            "shop-b     IN MX  10 MX2.hoster.test.",
            "shop-b     IN MX  10 mx1.hoster.test.",
            "other      IN MX  10 mx1.elsewhere.test.",
            "mx1.hoster IN A   127.0.0.31",
            "mx2.hoster IN A   127.0.0.32",
            "");

    static LoopbackDnsServer dns;

    @BeforeAll
    static void startDns() throws Exception {
        dns = new LoopbackDnsServer("test.", ZONE);
        dns.serveFailFor("broken.test");
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    private static MxResolver resolver(TestClock clock, boolean cache) {
        return new MxResolver(new DnsSettings(DnsSettings.parseServers(dns.hostPort()), Duration.ofSeconds(2), cache,
                Duration.ofSeconds(1), Duration.ofHours(1)), clock);
    }

    @Test
    void shouldOrderMxHostsLowestPreferenceFirst() throws Exception {
        MxHosts mx = resolver(TestClock.at(), true).mailHosts("pref.test");

        assertThat(mx.hosts()).containsExactly("mx-a.test", "mx-b.test", "mx-c.test");
        assertThat(mx.implicit()).isFalse();
    }

    @Test
    void shouldResolveTheAddressOfAnMxHost() throws Exception {
        assertThat(resolver(TestClock.at(), true).address("mx-b.test"))
                .isEqualTo(InetAddress.getByName("127.0.0.12"));
    }

    @Test
    void shouldFallBackToTheAddressRecordWhenThereIsNoMx() throws Exception {
        MxResolver resolver = resolver(TestClock.at(), true);
        MxHosts mx = resolver.mailHosts("plain.test");

        assertThat(mx.hosts()).containsExactly("plain.test");
        assertThat(mx.implicit()).isTrue();
        assertThat(resolver.address("plain.test")).isEqualTo(InetAddress.getByName("127.0.0.20"));
    }

    @Test
    void shouldTreatNullMxAsDomainAcceptingNoMail() {
        assertThatThrownBy(() -> resolver(TestClock.at(), true).mailHosts("nomail.test"))
                .isInstanceOfSatisfying(DnsLookupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DnsLookupException.Kind.NULL_MX);
                    assertThat(e.permanent()).isTrue();
                })
                .hasMessageContaining("accepts no mail");
    }

    @Test
    void shouldFailPermanentlyOnNxdomain() {
        assertThatThrownBy(() -> resolver(TestClock.at(), true).mailHosts("missing.test"))
                .isInstanceOfSatisfying(DnsLookupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DnsLookupException.Kind.NO_SUCH_DOMAIN);
                    assertThat(e.permanent()).isTrue();
                })
                .hasMessageContaining("NXDOMAIN");
    }

    @Test
    void shouldFailPermanentlyWithNeitherMxNorAddress() {
        assertThatThrownBy(() -> resolver(TestClock.at(), true).mailHosts("textonly.test"))
                .isInstanceOfSatisfying(DnsLookupException.class,
                        e -> assertThat(e.kind()).isEqualTo(DnsLookupException.Kind.NO_MAIL_HOST));
    }

    @Test
    void shouldFailTemporarilyOnServfailAndNotCacheIt() {
        MxResolver resolver = resolver(TestClock.at(), true);
        int before = dns.queries("MX", "broken.test");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> resolver.mailHosts("broken.test"))
                    .isInstanceOfSatisfying(DnsLookupException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DnsLookupException.Kind.TEMPORARY);
                        assertThat(e.permanent()).isFalse();
                    })
                    .hasMessageContaining("SERVFAIL");
        }
        assertThat(dns.queries("MX", "broken.test") - before).as("SERVFAIL is never cached").isEqualTo(2);
    }

    @Test
    void shouldFailTemporarilyWhenTheResolverDoesNotAnswer() throws Exception {
        // a bound UDP socket nobody reads: queries vanish, as with a dead resolver
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            MxResolver resolver = new MxResolver(new DnsSettings(
                    List.of((InetSocketAddress) silent.getLocalSocketAddress()), Duration.ofMillis(300), true,
                    Duration.ofSeconds(1), Duration.ofHours(1)), TestClock.at());
            long start = System.nanoTime();

            assertThatThrownBy(() -> resolver.mailHosts("pref.test"))
                    .isInstanceOfSatisfying(DnsLookupException.class,
                            e -> assertThat(e.kind()).isEqualTo(DnsLookupException.Kind.TEMPORARY));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldAnswerFromCacheWithinTheTtlAndAskAgainAfter() throws Exception {
        TestClock clock = TestClock.at();
        MxResolver resolver = resolver(clock, true);
        int before = dns.queries("MX", "short.test");

        resolver.mailHosts("short.test");
        clock.advance(Duration.ofSeconds(4));
        resolver.mailHosts("short.test");
        assertThat(dns.queries("MX", "short.test") - before).as("second lookup within the 5 s TTL").isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        resolver.mailHosts("short.test");
        assertThat(dns.queries("MX", "short.test") - before).as("lookup after the TTL").isEqualTo(2);
    }

    @Test
    void shouldCacheNxdomainForTheSoaMinimum() {
        TestClock clock = TestClock.at();
        MxResolver resolver = resolver(clock, true);
        int before = dns.queries("MX", "gone.test");

        assertThatThrownBy(() -> resolver.mailHosts("gone.test")).isInstanceOf(DnsLookupException.class);
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> resolver.mailHosts("gone.test")).isInstanceOf(DnsLookupException.class);
        assertThat(dns.queries("MX", "gone.test") - before).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2)); // SOA minimum is 30 s
        assertThatThrownBy(() -> resolver.mailHosts("gone.test")).isInstanceOf(DnsLookupException.class);
        assertThat(dns.queries("MX", "gone.test") - before).isEqualTo(2);
    }

    @Test
    void shouldAskEveryTimeWithTheCacheOff() throws Exception {
        MxResolver resolver = resolver(TestClock.at(), false);
        int before = dns.queries("MX", "pref.test");

        resolver.mailHosts("pref.test");
        resolver.mailHosts("pref.test");

        assertThat(dns.queries("MX", "pref.test") - before).isEqualTo(2);
    }

    @Test
    void shouldGiveDomainsWithTheSameMxSetTheSameSiteKey() throws Exception {
        MxResolver resolver = resolver(TestClock.at(), true);

        String a = resolver.mailHosts("shop-a.test").siteKey();
        String b = resolver.mailHosts("shop-b.test").siteKey();

        assertThat(a).isEqualTo(b).isEqualTo("mx1.hoster.test,mx2.hoster.test");
        assertThat(resolver.mailHosts("other.test").siteKey()).isNotEqualTo(a);
    }
}
