package io.sluice.flowcontrol;

import io.sluice.testsupport.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class FlowControlSettingsTest {

    static final String SAMPLE = String.join("\n",
            "defaults:",
            "  transport: \"smtp://127.0.0.1:25\"",
            "  flow:",
            "    initialRate: 12",
            "    window: 30s",
            "    suspendDuration: PT15M",
            "domains:",
            "  gmail.com:",
            "    transport: \"smtp://relay-gmail:25\"",
            "    requireTls: true",
            "    maxConnections: 10",
            "    messagesPerConnection: 100",
            "    messagesPerHour: 100000",
            "    flow: { maxRate: 30 }",
            "  small.example:",
            "    flow: { maxRate: 5 }",
            "  other.example:",
            "    transport: \"smtp://x:25\"",
            "rules:",
            "  - name: yahoo-tss04",
            "    match: '\\[TSS04\\]'",
            "    action: suspend",
            "    duration: 2h",
            "    source: \"Yahoo postmaster: TSS04 = complaints/volume, back off 2 h\"",
            "  - name: gmail-unusual-rate",
            "    match: '4\\.7\\.28'",
            "    action: set_rate",
            "    rate: 10/min",
            "    duration: 30m",
            "");

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    @Test
    void shouldReadDefaultsOverridesAndRules() {
        FlowControlSettings s = FlowControlSettings.fromYaml(yaml(SAMPLE));

        assertThat(s.defaults().getInitialRate()).isEqualTo(12);
        assertThat(s.defaults().getWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.defaults().getUpHoldoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.defaults().getSuspendDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.defaults().getMaxRate()).isEqualTo(FlowControlConfig.DEFAULT_MAX_RATE);

        FlowControlConfig gmail = s.domains().get("gmail.com");
        assertThat(gmail.getMaxRate()).isEqualTo(30);
        assertThat(gmail.getInitialRate()).isEqualTo(12); // inherited from defaults, not from DEFAULT_*
        assertThat(gmail.getWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.domains().get("small.example").getInitialRate()).isEqualTo(5); // follows the lower maxRate
        assertThat(s.domains()).doesNotContainKey("other.example");

        assertThat(s.rules().asList()).extracting(ReplyRule::getName).containsExactly("yahoo-tss04", "gmail-unusual-rate");
        ReplyRule tss04 = s.rules().asList().get(0);
        assertThat(tss04.getAction()).isEqualTo(RuleAction.SUSPEND);
        assertThat(tss04.getDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(tss04.getSource()).isEqualTo("Yahoo postmaster: TSS04 = complaints/volume, back off 2 h");
        assertThat(s.rules().asList().get(1).getRate()).isCloseTo(10.0 / 60, within(1e-12));
        assertThat(FlowControlSettings.fromYaml(SAMPLE).domains()).isEqualTo(s.domains());
    }

    @Test
    void shouldUseDefaultsForAnEmptyDocument() {
        FlowControlSettings s = FlowControlSettings.fromYaml("");
        assertThat(s.defaults()).hasToString(FlowControlConfig.ofDefaults().toString());
        assertThat(s.domains()).isEmpty();
        assertThat(s.rules().size()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            domains: {gmail.com: {flow: {maxRate: -3}}}                | domains.gmail.com.flow.maxRate must be > 0, was -3
            domains: {gmail.com: {flow: {maxRat: 3}}}                  | domains.gmail.com.flow.maxRat is not a known key; known: initialRate, minRate, maxRate, rampUpFactor, backoffFactor, errorRatioThreshold, cleanErrorRatio, minAttempts, window, upHoldoff, badWindowsToSuspend, suspendDuration, maxSuspendDuration, probeRate, probeSuccesses, reactAfterBadInRow, reactRecentAttempts, reactErrorRatio, plateauShare
            domains: {gmail.com: {mxRollup: true}}                     | domains.gmail.com.mxRollup is not a known key; known: transport, requireTls, auth, maxConnections, messagesPerConnection, messagesPerHour, backoffMaxConnections, flow
            domains: {gmail.com: {flow: {initialRate: 40, maxRate: 30}}} | domains.gmail.com.flow.initialRate must be between flow.minRate (0.1) and flow.maxRate (30), was 40
            defaults: {flow: {backoffFactor: 1.5}}                     | defaults.flow.backoffFactor must be in (0,1), was 1.5
            defaults: {flow: {window: 10 parsecs}}                     | defaults.flow.window must be a duration like 10s, 30m, 2h, 1d or PT10S, was '10 parsecs'
            defaults: {flow: {window: 10}}                             | defaults.flow.window must be a duration like 10s, 30m, 2h, 1d or PT10S, was 10
            defaults: {flow: {minAttempts: 2.5}}                       | defaults.flow.minAttempts must be a whole number, was 2.5
            defaults: {flow: {maxRate: fast}}                          | defaults.flow.maxRate must be a rate like 10, 0.5, 10/min or 600/h (msg/s unless a unit is given), was 'fast'
            defaults: {flow: {rampUpFactor: '1.2'}}                    | defaults.flow.rampUpFactor must be a number, was '1.2'
            defaults: {flows: {}}                                      | defaults.flows is not a known key; known: transport, requireTls, auth, maxConnections, messagesPerConnection, messagesPerHour, backoffMaxConnections, flow
            defaults: [1, 2]                                           | defaults must be a map, was a list
            shaping: {}                                                | shaping is not a known key; known: defaults, dkim, domains, rules, sender, sites
            sender: {senderProblemDomainShare: 0}                      | sender.senderProblemDomainShare must be in (0,1], was 0
            sender: {minBadDomain: 3}                                  | sender.minBadDomain is not a known key; known: internalFailureRatio, minAttempts, senderProblemDomainShare, minBadDomains, pauseDuration
            rules: {a: 1}                                              | rules must be a list of rules, was a map
            rules: [{name: x, match: 'a', action: suspend}]            | rules[0].duration is required with action suspend (rule x)
            rules: [{name: x, match: 'a', action: pause}]              | rules[0].action must be one of backoff, suspend, set_rate, was pause
            rules: [{name: x, match: 'a', action: set_rate, duration: 1h}] | rules[0].rate is required with action set_rate (rule x)
            rules: [{name: x, match: 'a', action: set_rate, duration: 1h, rate: 0}] | rules[0].rate must be > 0, was 0
            rules: [{name: x, match: 'a', action: backoff, duration: 1h}] | rules[0].duration is not allowed with action backoff, was 1h (rule x)
            rules: [{name: x, action: backoff}]                        | rules[0].match is required
            rules: [{name: x, match: 'a', action: backoff, when: now}] | rules[0].when is not a known key; known: action, class, duration, match, name, rate, source
            rules: [{name: x, match: 'a', action: backoff}, {name: x, match: 'b', action: backoff}] | rules[1].name must be unique, was x again
            """)
    void shouldRejectBadSettingsNamingTheFullKeyPath(String yaml, String message) {
        assertThatThrownBy(() -> FlowControlSettings.fromYaml(yaml))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void shouldRejectAnInvalidRegexNamingTheRule() {
        assertThatThrownBy(() -> FlowControlSettings.fromYaml("rules: [{name: x, match: '[TSS04', action: backoff}]"))
                .hasMessageStartingWith("rules[0].match must be a valid regular expression, was '[TSS04'");
    }

    // ------------------------------------------------------------------ the shipped file

    static final FlowControlSettings SHIPPED = FlowControlSettings.load(Path.of("config/domains.yaml"));

    @Test
    void shouldShipDefaultsThatMatchTheDocumentedOnes() {
        assertThat(SHIPPED.defaults()).hasToString(FlowControlConfig.ofDefaults().toString());
        assertThat(SHIPPED.sender()).hasToString(SenderHealthConfig.ofDefaults().toString());
        assertThat(SHIPPED.domains()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. | gmail-unusual-rate | SET_RATE
            421 4.7.0 Try again later, closing connection. a1si2 - gsmtp | gmail-try-again-later | BACKOFF
            450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. | gmail-receiving-too-quickly | SET_RATE
            421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1 | yahoo-tss04 | SUSPEND
            421 4.7.0 [TSS05] Messages from 192.0.2.1 temporarily deferred | yahoo-tss05 | SUSPEND
            421 4.16.55 [TS01] Messages from 192.0.2.1 temporarily deferred | yahoo-ts01-ts02 | BACKOFF
            451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77714) | microsoft-server-busy | BACKOFF
            451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. | microsoft-rate-limited-ip-reputation | SET_RATE
            421 4.3.2 The maximum number of concurrent server connections has exceeded the maximum number of connections | microsoft-too-many-connections | BACKOFF
            421 mwinf5c10 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR004_104 [104] | orange-too-many-connections | SET_RATE
            421 mwinf5c79 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR004_105 [105] | orange-service-refused | SUSPEND
            421-4.7.0 Too many messages have been received in a short period of time | gmx-too-many-messages | SET_RATE
            421 gmx.net Too many connections from your IP | generic-too-many-connections | BACKOFF
            554 resimta-po-01v.sys.comcast.net comcast 192.0.2.1 Comcast block for spam. RL000010 | comcast-rl000010 | SUSPEND
            454 Throttling failure: Maximum sending rate exceeded. | ses-throttling | BACKOFF
            """)
    void shouldMatchRealRepliesWithTheShippedRules(String reply, String rule, RuleAction action) {
        Optional<ReplyRule> match = SHIPPED.rules().firstMatch(reply);
        assertThat(match).map(ReplyRule::getName).contains(rule);
        assertThat(match).map(ReplyRule::getAction).contains(action);
    }

    @Test
    void shouldShipRulesWithTheAdvisedDurationsAndRates() {
        ReplyRules r = SHIPPED.rules();
        assertThat(r.byName("yahoo-tss04").orElseThrow().getDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(r.byName("yahoo-tss05").orElseThrow().getDuration()).isEqualTo(Duration.ofHours(4));
        assertThat(r.byName("gmail-unusual-rate").orElseThrow().getRate()).isCloseTo(10.0 / 60, within(1e-12));
        assertThat(r.byName("microsoft-rate-limited-ip-reputation").orElseThrow().getDuration())
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(r.byName("comcast-rl000010").orElseThrow().getDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.asList()).allSatisfy(rule -> assertThat(rule.getSource()).isNotBlank());
        assertThat(r.firstMatch("550 5.1.1 <nobody@gmail.com>: The email account that you tried to reach does not exist"))
                .isEmpty();
        assertThat(r.firstMatch("250 2.0.0 OK 1700000000 a1si2 - gsmtp")).isEmpty();
    }

    @Test
    void shouldSuspendYahooFromTheShippedFile() {
        TestClock clock = TestClock.at();
        FlowControlRegistry registry = FlowControlRegistry.of(SHIPPED, clock);
        registry.onReply("yahoo.com", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred");
        assertThat(registry.flow("yahoo.com").snapshot().state()).isEqualTo(DomainFlow.State.SUSPENDED);
        assertThat(registry.rateFor("gmail.com")).isEqualTo(10);
    }

    @Test
    void shouldReadASitesFlowOverridesUnderItsName() {
        FlowControlSettings s = FlowControlSettings.fromYaml(
                "sites: {google: {mx: ['*.google.com'], maxConnections: 10, flow: {maxRate: 100}}}");

        assertThat(s.domains().get("google").getMaxRate()).isEqualTo(100.0);
    }

    @Test
    void shouldRefuseASiteAndADomainOfTheSameNameBothWithFlowSettings() {
        assertThatThrownBy(() -> FlowControlSettings.fromYaml(
                "domains: {google: {flow: {maxRate: 5}}}\nsites: {google: {mx: ['*.google.com'], flow: {maxRate: 100}}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sites.google.flow");
    }
}
