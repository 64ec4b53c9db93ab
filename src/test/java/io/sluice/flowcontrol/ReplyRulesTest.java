package io.sluice.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReplyRulesTest {

    private final ReplyRule specific = ReplyRule.suspend("orange-refused", "OFR004_105", Duration.ofHours(1), "Orange");
    private final ReplyRule generic = ReplyRule.backoff("too-many-connections", "(?i)too many connections", "generic");

    @Test
    void shouldReturnFirstMatchingRuleInOrder() {
        ReplyRules rules = ReplyRules.of(specific, generic);
        assertThat(rules.firstMatch("421 Service refuse. Too many connections OFR004_105")).contains(specific);
        assertThat(ReplyRules.of(generic, specific).firstMatch("421 Service refuse. Too many connections OFR004_105"))
                .contains(generic);
        assertThat(rules.firstMatch("250 2.0.0 OK")).isEmpty();
        assertThat(rules.firstMatch(null)).isEmpty();
    }

    @Test
    void shouldLayerRulesWithEarlierNamesWinning() {
        ReplyRule userOverride = ReplyRule.backoff("orange-refused", "OFR004_105", "user");
        ReplyRules layered = ReplyRules.of(userOverride).then(ReplyRules.of(specific, generic));
        assertThat(layered.asList()).containsExactly(userOverride, generic);
    }

    @Test
    void shouldRejectDuplicateNames() {
        assertThatThrownBy(() -> ReplyRules.of(specific, specific))
                .hasMessage("rules must have unique names, was orange-refused twice");
    }

    @Test
    void shouldValidateWhatEachActionNeeds() {
        assertThatThrownBy(() -> ReplyRule.custom().name("x").match("a").action(RuleAction.SUSPEND).build())
                .hasMessage("rule.duration is required with action suspend (rule x)");
        assertThatThrownBy(() -> ReplyRule.custom().name("x").match("a").action(RuleAction.SET_RATE)
                .duration(Duration.ofMinutes(1)).build())
                .hasMessage("rule.rate is required with action set_rate (rule x)");
        assertThatThrownBy(() -> ReplyRule.custom().name("x").match("a").action(RuleAction.BACKOFF).rate(1).build())
                .hasMessage("rule.rate is only allowed with action set_rate, was 1 (rule x)");
        assertThatThrownBy(() -> ReplyRule.custom().match("("))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rule.match must be a valid regular expression, was '('");
        assertThatThrownBy(() -> ReplyRule.custom().rate(-2)).hasMessage("rule.rate must be > 0, was -2");
        assertThatThrownBy(() -> ReplyRule.custom().name(" ")).hasMessage("rule.name must not be blank, was ' '");
    }

    @Test
    void shouldDescribeItself() {
        ReplyRule r = ReplyRule.setRate("gmail-unusual-rate", "4\\.7\\.28", 10.0 / 60, Duration.ofMinutes(30), "Gmail");
        assertThat(r).hasToString("rule gmail-unusual-rate /4\\.7\\.28/ -> set rate 0.167 msg/s for 30m (Gmail)");
    }

    @Test
    void shouldParseActions() {
        assertThat(RuleAction.parse("set_rate")).isEqualTo(RuleAction.SET_RATE);
        assertThat(RuleAction.parse("set-rate")).isEqualTo(RuleAction.SET_RATE);
        assertThat(RuleAction.parse("setRate")).isEqualTo(RuleAction.SET_RATE);
        assertThat(RuleAction.parse("Suspend")).isEqualTo(RuleAction.SUSPEND);
        assertThatThrownBy(() -> RuleAction.parse("pause"))
                .hasMessage("must be one of backoff, suspend, set_rate, was pause");
    }
}
