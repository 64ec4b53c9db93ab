package io.sluice.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.flowcontrol.FlowControlSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** domains.yaml read once: both parts built from one document, every key read by exactly one table. */
class DomainsDocumentTest {

    @Test
    void shouldBuildPoliciesAndFlowControlFromTheShippedFileReadOnce() throws Exception {
        DomainsDocument shipped = DomainsDocument.load(List.of(Path.of("config/domains.yaml")));

        assertThat(DomainPolicies.of(shipped).siteFor(List.of("gmail-smtp-in.l.google.com"))).contains("google");
        assertThat(FlowControlSettings.of(shipped).rules().byName("yahoo-tss04")).isPresent();
    }

    @Test
    void shouldAcceptEveryPolicyKeyNextToAFlowSection() {
        // d9e663c: flow control's copy of the policy keys missed backoffMaxConnections and refused the shipped start
        DomainsDocument doc = DomainsDocument.parse("""
                defaults: {transport: mx, requireTls: false, maxConnections: 4, messagesPerConnection: 50,
                           messagesPerHour: 1000, backoffMaxConnections: 1, flow: {maxRate: 20}}
                domains: {a.test: {transport: "smtp://10.0.0.1:587", auth: {user: u, password: "{{p}}"},
                          backoffMaxConnections: 2, flow: {maxRate: 5}}}
                sites: {google: {mx: ['*.google.com'], backoffMaxConnections: 3, flow: {maxRate: 100}}}
                """);

        assertThat(DomainPolicies.of(doc).limitsFor("a.test").backoffMaxConnections()).isEqualTo(2);
        assertThat(FlowControlSettings.of(doc).domains()).containsOnlyKeys("a.test", "google");
    }

    @Test
    void shouldGiveEachKeyOneOwner() {
        assertThat(DomainsDocument.ROOT_KEYS.names(KeyTable.Owner.FLOW_CONTROL)).containsExactly("rules", "sender");
        assertThat(Destination.DOMAIN_KEYS.names(KeyTable.Owner.FLOW_CONTROL)).containsExactly("flow");
        assertThat(Destination.SITE_KEYS.names(KeyTable.Owner.POLICIES)).containsExactly("mx", "maxConnections",
                "messagesPerConnection", "messagesPerHour", "backoffMaxConnections");
    }

    @Test
    void shouldLayerAUsersFileOverTheShippedOneWithItsRulesFirst(@TempDir Path dir) throws Exception {
        Path user = Files.writeString(dir.resolve("user.yaml"), """
                defaults: {transport: "smtp://relay.example:25"}
                rules: [{name: mine, match: 'TSS04', action: backoff, source: me}]
                """);

        DomainsDocument doc = DomainsDocument.load(List.of(Path.of("config/domains.yaml"), user));

        assertThat(DomainPolicies.of(doc).transportFor("x.test")).contains(new SmtpTransport("smtp", "relay.example", 25));
        assertThat(FlowControlSettings.of(doc).rules().firstMatch("421 4.7.0 [TSS04] deferred").orElseThrow().getName())
                .isEqualTo("mine");
        assertThat(DomainPolicies.of(doc).siteFor(List.of("mx.google.com"))).as("shipped sites kept").contains("google");
    }

    @Test
    void shouldNameTheFileListWhenAKeyIsUnknown(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("d.yaml"), "domains: {a.test: {maxConnection: 3}}\n");

        assertThatThrownBy(() -> DomainsDocument.load(List.of(file)))
                .hasMessage("Invalid domain policy in " + List.of(file) + ": domains.a.test.maxConnection is not a known key; "
                        + "known: transport, requireTls, auth, maxConnections, messagesPerConnection, messagesPerHour, "
                        + "backoffMaxConnections, flow");
    }
}
