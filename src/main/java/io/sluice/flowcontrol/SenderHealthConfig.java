package io.sluice.flowcontrol;

import java.time.Duration;

/**
 * Immutable, validated knobs of the {@link GlobalSenderState}: when a window looks like a problem of the
 * sender itself rather than of the destinations. Messages name the key as in {@code domains.yaml}
 * ({@code sender.<name>}).
 */
public final class SenderHealthConfig {

    /** Share of all attempts failing inside Sluice that makes a sender problem. */
    public static final double DEFAULT_INTERNAL_FAILURE_RATIO = 0.5;
    /** Attempts across all keys a window needs before the internal-failure rule applies. */
    public static final int DEFAULT_MIN_ATTEMPTS = 20;
    /** Share of the active keys bad in the same window that makes a sender problem. */
    public static final double DEFAULT_SENDER_PROBLEM_DOMAIN_SHARE = 0.8;
    /** Least number of bad keys for the share rule. */
    public static final int DEFAULT_MIN_BAD_DOMAINS = 3;
    /** Longest pause for a sender problem before sending resumes to see whether it is gone. */
    public static final Duration DEFAULT_PAUSE_DURATION = Duration.ofSeconds(30);

    private final double internalFailureRatio;
    private final int minAttempts;
    private final double senderProblemDomainShare;
    private final int minBadDomains;
    private final Duration pauseDuration;

    private SenderHealthConfig(Builder b) {
        this.pauseDuration = b.pauseDuration;
        this.internalFailureRatio = b.internalFailureRatio;
        this.minAttempts = b.minAttempts;
        this.senderProblemDomainShare = b.senderProblemDomainShare;
        this.minBadDomains = b.minBadDomains;
    }

    public static SenderHealthConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(SenderHealthConfig p) {
        Builder b = new Builder();
        b.internalFailureRatio = p.internalFailureRatio;
        b.minAttempts = p.minAttempts;
        b.senderProblemDomainShare = p.senderProblemDomainShare;
        b.minBadDomains = p.minBadDomains;
        b.pauseDuration = p.pauseDuration;
        return b;
    }

    public double getInternalFailureRatio() {
        return internalFailureRatio;
    }

    public int getMinAttempts() {
        return minAttempts;
    }

    public double getSenderProblemDomainShare() {
        return senderProblemDomainShare;
    }

    public int getMinBadDomains() {
        return minBadDomains;
    }

    /**
     * How long a sender problem pauses sending at most. A paused sender sends nothing, so no window can show that
     * the problem is gone: after this long sending resumes and the next window judges again.
     */
    public Duration getPauseDuration() {
        return pauseDuration;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SenderHealthConfig)) {
            return false;
        }
        SenderHealthConfig c = (SenderHealthConfig) o;
        return Double.compare(internalFailureRatio, c.internalFailureRatio) == 0 && minAttempts == c.minAttempts
                && Double.compare(senderProblemDomainShare, c.senderProblemDomainShare) == 0
                && minBadDomains == c.minBadDomains && pauseDuration.equals(c.pauseDuration);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(internalFailureRatio, minAttempts, senderProblemDomainShare, minBadDomains,
                pauseDuration);
    }

    @Override
    public String toString() {
        return "SenderHealthConfig{internalFailureRatio=" + internalFailureRatio + ", minAttempts=" + minAttempts
                + ", senderProblemDomainShare=" + senderProblemDomainShare + ", minBadDomains=" + minBadDomains + ", pauseDuration=" + pauseDuration + "}";
    }

    public static final class Builder {
        private double internalFailureRatio = DEFAULT_INTERNAL_FAILURE_RATIO;
        private int minAttempts = DEFAULT_MIN_ATTEMPTS;
        private double senderProblemDomainShare = DEFAULT_SENDER_PROBLEM_DOMAIN_SHARE;
        private int minBadDomains = DEFAULT_MIN_BAD_DOMAINS;
        private Duration pauseDuration = DEFAULT_PAUSE_DURATION;

        private Builder() {
        }

        /** {@code > 0}. */
        public Builder pauseDuration(Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("sender.pauseDuration must be > 0, was " + Texts.value(v));
            }
            this.pauseDuration = v;
            return this;
        }

        /** In {@code (0,1]}. */
        public Builder internalFailureRatio(double v) {
            this.internalFailureRatio = ratio("sender.internalFailureRatio", v);
            return this;
        }

        /** {@code >= 1}. */
        public Builder minAttempts(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("sender.minAttempts must be >= 1, was " + v);
            }
            this.minAttempts = v;
            return this;
        }

        /** In {@code (0,1]}. */
        public Builder senderProblemDomainShare(double v) {
            this.senderProblemDomainShare = ratio("sender.senderProblemDomainShare", v);
            return this;
        }

        /** {@code >= 1}. */
        public Builder minBadDomains(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("sender.minBadDomains must be >= 1, was " + v);
            }
            this.minBadDomains = v;
            return this;
        }

        public SenderHealthConfig build() {
            return new SenderHealthConfig(this);
        }

        private static double ratio(String key, double v) {
            if (Double.isNaN(v) || !(v > 0 && v <= 1)) {
                throw new IllegalArgumentException(key + " must be in (0,1], was " + Texts.value(v));
            }
            return v;
        }
    }
}
