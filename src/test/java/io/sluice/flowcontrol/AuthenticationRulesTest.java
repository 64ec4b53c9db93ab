package io.sluice.flowcontrol;

import io.sluice.testsupport.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped rules of {@code class: authentication} (config/domains.yaml): each provider's authentication reply is
 * recognised as the sender's, and look-alike replies about the recipient or about rates are not.
 */
class AuthenticationRulesTest {

    static final ReplyRules SHIPPED = FlowControlSettings.load(Path.of("config/domains.yaml")).rules();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            421 4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. | gmail-authentication-temporary
            421 4.7.27 This mail has been rate limited because SPF didn't pass. | gmail-authentication-temporary
            421 4.7.30 This mail has been rate limited because DKIM didn't pass. | gmail-authentication-temporary
            421 4.7.32 This mail has been rate limited because the From header isn't aligned with either the DKIM or SPF domain. | gmail-authentication-temporary
            421 4.7.40 This mail has been rate limited because your sending domain doesn't have a DMARC record. | gmail-authentication-temporary
            451 4.7.23 The sending IP address doesn't have a PTR record. | gmail-authentication-temporary
            451 4.7.24 The SPF record of the sending domain has one or more suspicious entries. | gmail-authentication-temporary
            550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. | gmail-authentication-permanent
            550 5.7.27 This mail has been blocked because SPF didn't pass. | gmail-authentication-permanent
            550 5.7.30 This mail has been blocked because DKIM didn't pass. | gmail-authentication-permanent
            550 5.7.40 This mail has been blocked because your sending domain doesn't have a DMARC record. | gmail-authentication-permanent
            550 5.7.25 The IP address sending this message doesn't have a PTR record. | gmail-authentication-permanent
            550 5.7.515 Access denied, sending domain [sender.example] does not meet the required authentication level. | microsoft-authentication
            550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM. | yahoo-authentication
            """)
    void shouldTakeEachProvidersAuthenticationReplyForTheSenders(String reply, String rule) {
        assertThat(SHIPPED.firstMatch(reply)).map(ReplyRule::getName).contains(rule);
        assertThat(SHIPPED.isAuthentication(reply)).isTrue();
        assertThat(SHIPPED.firstMatch(reply).orElseThrow().getAction()).isEqualTo(RuleAction.SUSPEND);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            550 5.1.1 The email account that you tried to reach does not exist.
            421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints
            421 4.7.0 Try again later, closing connection.
            421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address.
            421 4.7.29 This mail has been rate limited because the sending server isn't using TLS.
            550 5.7.1 Message rejected as spam.
            550 5.2.1 The email account that you tried to reach is disabled.
            451 4.7.500 Server busy. Please try again later.
            550 5.7.260 not an authentication code
            """)
    void shouldNotTakeRecipientOrRateRepliesForAuthentication(String reply) {
        assertThat(SHIPPED.isAuthentication(reply)).isFalse();
    }

    @Test
    void shouldNameAuthenticationInTheCauseOfTheHold() {
        TestClock clock = TestClock.at();
        java.util.List<FlowEvent> events = new java.util.ArrayList<>();
        FlowControlRegistry registry = FlowControlRegistry.custom().rules(SHIPPED).clock(clock).listener(events::add)
                .build();

        registry.onReply("google", "550 5.7.26 This mail has been blocked because the sender is unauthenticated.");

        FlowSnapshot held = registry.flow("google").snapshot();
        assertThat(held.state()).isEqualTo(DomainFlow.State.SUSPENDED);
        assertThat(held.until()).isEqualTo(clock.instant().plus(java.time.Duration.ofHours(1)));
        assertThat(events).singleElement().asString().contains("google entered SUSPENDED")
                .contains(ReplyRule.AUTHENTICATION_FAILURE).contains("550 5.7.26");
        assertThat(registry.flow("microsoft").snapshot().state()).as("other sites untouched")
                .isEqualTo(DomainFlow.State.NORMAL);
    }

    @Test
    void shouldReadTheClassOfARuleAndRefuseAnUnknownOne() {
        ReplyRules rules = FlowControlSettings.fromYaml("rules: [{name: a, match: 'X', action: suspend, duration: 1h,"
                + " class: authentication}, {name: b, match: 'Y', action: backoff}]").rules();
        assertThat(rules.byName("a").orElseThrow().isAuthentication()).isTrue();
        assertThat(rules.byName("b").orElseThrow().isAuthentication()).isFalse();
        assertThatThrownBy(() -> FlowControlSettings.fromYaml(
                "rules: [{name: a, match: 'X', action: backoff, class: reputation}]"))
                .hasMessageStartingWith("rules[0].class must be authentication, was reputation");
    }
}
