package io.sluice.flowcontrol;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One provider reply pattern and what to do when it matches: immutable and validated.
 * The pattern is matched with {@link java.util.regex.Matcher#find()} against the reply as
 * {@code "code enhanced-code text"}, e.g. {@code "421 4.7.0 [TSS04] Messages from 1.2.3.4 temporarily deferred"}.
 *
 * <p>{@link RuleAction#SUSPEND} needs a duration; {@link RuleAction#SET_RATE} a duration and a rate;
 * {@link RuleAction#BACKOFF} takes neither.
 */
public final class ReplyRule {

    /**
     * How a flow-control cause starts when an authentication rule matched (the flow history's {@code sCause}, the JMX
     * Reason): the diagnosis report recognises the sender's authentication problem by it.
     */
    public static final String AUTHENTICATION_FAILURE = "authentication failure of the sender (SPF/DKIM/DMARC)";

    private final String name;
    private final Pattern pattern;
    private final RuleAction action;
    private final Duration duration;
    private final double rate;
    private final String source;
    private final boolean authentication;

    private ReplyRule(Builder b) {
        this.name = b.name;
        this.pattern = b.pattern;
        this.action = b.action;
        this.duration = b.duration;
        this.rate = b.rate;
        this.source = b.source;
        this.authentication = b.authentication;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(ReplyRule prototype) {
        Builder b = new Builder();
        b.name = prototype.name;
        b.pattern = prototype.pattern;
        b.action = prototype.action;
        b.duration = prototype.duration;
        b.rate = prototype.rate;
        b.source = prototype.source;
        b.authentication = prototype.authentication;
        return b;
    }

    /** A BACKOFF rule. */
    public static ReplyRule backoff(String name, String regex, String source) {
        return custom().name(name).match(regex).action(RuleAction.BACKOFF).source(source).build();
    }

    /** A SUSPEND rule. */
    public static ReplyRule suspend(String name, String regex, Duration duration, String source) {
        return custom().name(name).match(regex).action(RuleAction.SUSPEND).duration(duration).source(source).build();
    }

    /** A SET_RATE rule: cap at {@code rate} msg/s for {@code duration}. */
    public static ReplyRule setRate(String name, String regex, double rate, Duration duration, String source) {
        return custom().name(name).match(regex).action(RuleAction.SET_RATE).rate(rate).duration(duration)
                .source(source).build();
    }

    /** True when the pattern is found in {@code reply}. */
    public boolean matches(String reply) {
        return reply != null && pattern.matcher(reply).find();
    }

    public String getName() {
        return name;
    }

    public Pattern getPattern() {
        return pattern;
    }

    public RuleAction getAction() {
        return action;
    }

    /** Duration of a SUSPEND or SET_RATE, null for BACKOFF. */
    public Duration getDuration() {
        return duration;
    }

    /** Rate cap of a SET_RATE in msg/s, NaN otherwise. */
    public double getRate() {
        return rate;
    }

    /** Free text: where the rule comes from (provider documentation, incident). */
    public String getSource() {
        return source;
    }

    /**
     * True for a rule of {@code class: authentication}: its replies say the <em>sender</em> failed authentication
     * (SPF, DKIM, DMARC, From alignment, PTR). Such a reply is neither the recipient's fault nor a rate: the row is
     * not failed against the recipient (io.sluice.result.ResultRecorder) and the flow's cause names authentication.
     */
    public boolean isAuthentication() {
        return authentication;
    }

    /** What the rule does, e.g. "suspend 2h", "set rate 0.167 msg/s for 30m", "backoff". */
    public String describeAction() {
        switch (action) {
            case SUSPEND:
                return "suspend " + Texts.duration(duration);
            case SET_RATE:
                return "set rate " + Texts.rate(rate) + " msg/s for " + Texts.duration(duration);
            default:
                return "backoff";
        }
    }

    @Override
    public String toString() {
        return "rule " + name + " /" + pattern.pattern() + "/ -> " + describeAction()
                + (authentication ? " [authentication]" : "")
                + (source.isEmpty() ? "" : " (" + source + ")");
    }

    /** Builder; {@link #build()} checks the fields the action needs. */
    public static final class Builder {
        private String name;
        private Pattern pattern;
        private RuleAction action;
        private Duration duration;
        private double rate = Double.NaN;
        private String source = "";
        private boolean authentication;

        private Builder() {
        }

        public Builder name(String v) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("rule.name must not be blank, was " + (v == null ? "null" : "'" + v + "'"));
            }
            this.name = v.trim();
            return this;
        }

        /** A regular expression, found anywhere in the reply. */
        public Builder match(String regex) {
            if (regex == null || regex.isEmpty()) {
                throw new IllegalArgumentException("rule.match must not be empty, was " + (regex == null ? "null" : "''"));
            }
            try {
                this.pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("rule.match must be a valid regular expression, was '" + regex
                        + "' (" + e.getDescription() + " near index " + e.getIndex() + ")", e);
            }
            return this;
        }

        public Builder match(Pattern compiled) {
            this.pattern = Objects.requireNonNull(compiled, "rule.match");
            return this;
        }

        public Builder action(RuleAction v) {
            if (v == null) {
                throw new IllegalArgumentException("rule.action must not be null");
            }
            this.action = v;
            return this;
        }

        public Builder duration(Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("rule.duration must be > 0, was " + Texts.value(v));
            }
            this.duration = v;
            return this;
        }

        /** Rate cap in msg/s (SET_RATE only), {@code > 0}; may be below the flow's minRate. */
        public Builder rate(double v) {
            if (Double.isNaN(v) || Double.isInfinite(v) || v <= 0) {
                throw new IllegalArgumentException("rule.rate must be > 0, was " + Texts.value(v));
            }
            this.rate = v;
            return this;
        }

        public Builder source(String v) {
            this.source = v == null ? "" : v.trim();
            return this;
        }

        /** Marks the rule's replies as the sender's authentication failures ({@code class: authentication}). */
        public Builder authentication(boolean v) {
            this.authentication = v;
            return this;
        }

        public ReplyRule build() {
            if (name == null) {
                throw new IllegalArgumentException("rule.name is required");
            }
            if (pattern == null) {
                throw new IllegalArgumentException("rule.match is required (rule " + name + ")");
            }
            if (action == null) {
                throw new IllegalArgumentException("rule.action is required (rule " + name + ")");
            }
            switch (action) {
                case BACKOFF:
                    if (duration != null) {
                        throw new IllegalArgumentException("rule.duration is not allowed with action backoff, was "
                                + Texts.duration(duration) + " (rule " + name + ")");
                    }
                    if (!Double.isNaN(rate)) {
                        throw new IllegalArgumentException("rule.rate is only allowed with action set_rate, was "
                                + Texts.value(rate) + " (rule " + name + ")");
                    }
                    break;
                case SUSPEND:
                    if (duration == null) {
                        throw new IllegalArgumentException("rule.duration is required with action suspend (rule " + name + ")");
                    }
                    if (!Double.isNaN(rate)) {
                        throw new IllegalArgumentException("rule.rate is only allowed with action set_rate, was "
                                + Texts.value(rate) + " (rule " + name + ")");
                    }
                    break;
                case SET_RATE:
                    if (duration == null) {
                        throw new IllegalArgumentException("rule.duration is required with action set_rate (rule " + name + ")");
                    }
                    if (Double.isNaN(rate)) {
                        throw new IllegalArgumentException("rule.rate is required with action set_rate (rule " + name + ")");
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown action " + action);
            }
            return new ReplyRule(this);
        }
    }
}
