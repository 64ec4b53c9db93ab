package io.sluice.flowcontrol;

import static io.sluice.domains.KeyTable.Owner.FLOW_CONTROL;
import static io.sluice.domains.KeyTable.key;

import io.sluice.domains.KeyTable;
import io.sluice.domains.YamlValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flow-control keys of {@code domains.yaml} ({@code flow} of a destination, {@code rules}, {@code sender}) as
 * tables, and how a section is read with them. Messages name the full key path, e.g.
 * "domains.gmail.com.flow.maxRate must be > 0, was -3". Defaults are the configs' {@code DEFAULT_*}.
 */
final class FlowControlKeys {

    /** {@code flow} of {@code defaults}, {@code domains.<domain>} and {@code sites.<name>}. */
    static final KeyTable<FlowControlConfigBuilder> FLOW = KeyTable.of(
            key("initialRate", FLOW_CONTROL, YamlValues::rate, FlowControlConfigBuilder::initialRate),
            key("minRate", FLOW_CONTROL, YamlValues::rate, FlowControlConfigBuilder::minRate),
            key("maxRate", FLOW_CONTROL, YamlValues::rate, FlowControlConfigBuilder::maxRate),
            key("rampUpFactor", FLOW_CONTROL, YamlValues::number, FlowControlConfigBuilder::rampUpFactor),
            key("backoffFactor", FLOW_CONTROL, YamlValues::number, FlowControlConfigBuilder::backoffFactor),
            key("errorRatioThreshold", FLOW_CONTROL, YamlValues::number, FlowControlConfigBuilder::errorRatioThreshold),
            key("cleanErrorRatio", FLOW_CONTROL, YamlValues::number, FlowControlConfigBuilder::cleanErrorRatio),
            key("minAttempts", FLOW_CONTROL, YamlValues::wholeNumber, FlowControlConfigBuilder::minAttempts),
            key("window", FLOW_CONTROL, YamlValues::duration, FlowControlConfigBuilder::window),
            key("upHoldoff", FLOW_CONTROL, YamlValues::duration, FlowControlConfigBuilder::upHoldoff),
            key("badWindowsToSuspend", FLOW_CONTROL, YamlValues::wholeNumber, FlowControlConfigBuilder::badWindowsToSuspend),
            key("suspendDuration", FLOW_CONTROL, YamlValues::duration, FlowControlConfigBuilder::suspendDuration),
            key("maxSuspendDuration", FLOW_CONTROL, YamlValues::duration, FlowControlConfigBuilder::maxSuspendDuration),
            key("probeRate", FLOW_CONTROL, YamlValues::rate, FlowControlConfigBuilder::probeRate),
            key("probeSuccesses", FLOW_CONTROL, YamlValues::wholeNumber, FlowControlConfigBuilder::probeSuccesses),
            key("reactAfterBadInRow", FLOW_CONTROL, YamlValues::wholeNumber, FlowControlConfigBuilder::reactAfterBadInRow),
            key("reactRecentAttempts", FLOW_CONTROL, YamlValues::wholeNumber,
                    FlowControlConfigBuilder::reactRecentAttempts),
            key("reactErrorRatio", FLOW_CONTROL, YamlValues::number, FlowControlConfigBuilder::reactErrorRatio),
            key("plateauShare", FLOW_CONTROL, YamlValues::number, FlowControlConfigBuilder::plateauShare));

    /** {@code sender}: when a window is a problem of the sender itself. */
    static final KeyTable<SenderHealthConfig.Builder> SENDER = KeyTable.of(
            key("internalFailureRatio", FLOW_CONTROL, YamlValues::number, SenderHealthConfig.Builder::internalFailureRatio),
            key("minAttempts", FLOW_CONTROL, YamlValues::wholeNumber, SenderHealthConfig.Builder::minAttempts),
            key("senderProblemDomainShare", FLOW_CONTROL, YamlValues::number,
                    SenderHealthConfig.Builder::senderProblemDomainShare),
            key("minBadDomains", FLOW_CONTROL, YamlValues::wholeNumber, SenderHealthConfig.Builder::minBadDomains),
            key("pauseDuration", FLOW_CONTROL, YamlValues::duration, SenderHealthConfig.Builder::pauseDuration));

    /** One entry of {@code rules}. */
    static final KeyTable<ReplyRule.Builder> RULE = KeyTable.<ReplyRule.Builder>of(
            KeyTable.<ReplyRule.Builder>key("action", FLOW_CONTROL, (b, path, v) -> b.action(action(path, v))).required(),
            // class: authentication = the replies are the sender's authentication failures, not the recipient's
            KeyTable.<ReplyRule.Builder>key("class", FLOW_CONTROL, (b, path, v) -> b.authentication(authentication(path, v))),
            key("duration", FLOW_CONTROL, YamlValues::duration, ReplyRule.Builder::duration),
            KeyTable.<ReplyRule.Builder>key("match", FLOW_CONTROL, (b, path, v) -> b.match(YamlValues.text(path, v))).required(),
            key("name", FLOW_CONTROL, YamlValues::text, ReplyRule.Builder::name).required(),
            key("rate", FLOW_CONTROL, YamlValues::rate, ReplyRule.Builder::rate),
            KeyTable.<ReplyRule.Builder>key("source", FLOW_CONTROL, (b, path, v) -> {
                if (v != null) {
                    b.source(v.toString());
                }
            }));

    private FlowControlKeys() {
    }

    /**
     * Reads a {@code flow} section ({@code prefix} = "domains.gmail.com." or "defaults.") over {@code b}. An
     * override's unset keys follow its explicit ones ({@link #followExplicit}).
     */
    static FlowControlConfig flow(String prefix, FlowControlConfigBuilder b, Map<String, Object> flow, boolean override) {
        try {
            if (flow != null) {
                FLOW.read(prefix + "flow", flow, b);
                if (override) {
                    followExplicit(b, flow.keySet());
                }
            }
            return b.build();
        } catch (IllegalArgumentException ex) {
            String m = ex.getMessage();
            throw m != null && m.startsWith(prefix) ? ex : new IllegalArgumentException(prefix + m, ex);
        }
    }

    /**
     * The keys a per-destination override did not set follow its explicit ones ({@code maxRate: 5} brings the
     * inherited initialRate down to 5) instead of contradicting them.
     */
    private static void followExplicit(FlowControlConfigBuilder b, Set<String> given) {
        FlowKnobs k = b.knobs();
        if (!given.contains("minRate") && k.minRate() > k.maxRate()) {
            b.minRate(k.maxRate());
        }
        k = b.knobs();
        if (!given.contains("initialRate")) {
            b.initialRate(Math.max(k.minRate(), Math.min(k.initialRate(), k.maxRate())));
        }
        if (!given.contains("probeRate") && k.probeRate() > k.maxRate()) {
            b.probeRate(k.maxRate());
        }
        if (!given.contains("cleanErrorRatio") && k.cleanErrorRatio() >= k.errorRatioThreshold()) {
            b.cleanErrorRatio(k.errorRatioThreshold() / 2);
        }
        if (!given.contains("maxSuspendDuration") && k.maxSuspendDuration().compareTo(k.suspendDuration()) < 0) {
            b.maxSuspendDuration(k.suspendDuration());
        }
    }

    static ReplyRules rules(List<Object> entries) {
        List<ReplyRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "rules[" + i + "]";
            Map<String, Object> r = YamlValues.map(path, entries.get(i));
            if (r == null) {
                throw new IllegalArgumentException(path + " must be a rule (name, match, action...), was null");
            }
            try {
                ReplyRule rule = RULE.read(path, r, ReplyRule.custom()).build();
                if (!names.add(rule.getName())) {
                    throw new IllegalArgumentException(path + ".name must be unique, was " + rule.getName() + " again");
                }
                rules.add(rule);
            } catch (IllegalArgumentException ex) {
                String m = ex.getMessage();
                throw new IllegalArgumentException(m.startsWith("rule.") ? path + m.substring(4) : m, ex);
            }
        }
        return ReplyRules.of(rules);
    }

    static SenderHealthConfig sender(Map<String, Object> section) {
        return SENDER.read("sender", section, SenderHealthConfig.custom()).build();
    }

    /** The only class a rule can declare today; a rule without one is about rates and reputation. */
    static final String AUTHENTICATION_CLASS = "authentication";

    private static boolean authentication(String path, Object v) {
        String text = YamlValues.text(path, v);
        if (!AUTHENTICATION_CLASS.equalsIgnoreCase(text.trim())) {
            throw new IllegalArgumentException(path + " must be " + AUTHENTICATION_CLASS + ", was " + text);
        }
        return true;
    }

    private static RuleAction action(String path, Object v) {
        String text = YamlValues.text(path, v);
        try {
            return RuleAction.parse(text);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(path + " " + ex.getMessage(), ex);
        }
    }
}
